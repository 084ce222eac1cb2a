using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using RearPlayground.Data.Entities;
using Microsoft.Extensions.Logging.Abstractions;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Events;

namespace RearPlayground.Web.Bench;

/// <summary>
/// Events per second the job's write path sustains: a DVTS run's recorded events written for a fresh run as fast as
/// the path takes them (the run's writer: mapped, stored in batches in the real SQLite file, published to the broker,
/// received by the hub watcher),
/// timed from the first write to the watcher's terminal event; best of the repeats.
/// </summary>
internal static class WriterBench
{
    private static readonly EventPipelineOptions Options = new();

    /// <summary>Transactions of the last measured write (events ÷ commits = the mean batch).</summary>
    public static int Commits { get; private set; }

    public static async Task<WriterRate> MeasureAsync(BenchWebApp web, LanguageModel model, RunRequest request, int repeats)
    {
        var events = new List<SearchEvent>();
        SearchRunner.Run(model, request.ToSearchRequest(), events.Add);
        var best = double.MaxValue;
        for (var i = 0; i <= repeats; i++) // the first is a warm-up
        {
            var ms = await OnceAsync(web, request, events);
            if (i > 0) best = Math.Min(best, ms);
        }
        return new WriterRate(events.Count, best, Commits);
    }

    private static async Task<double> OnceAsync(BenchWebApp web, RunRequest request, IReadOnlyList<SearchEvent> events)
    {
        var store = web.Services.GetRequiredService<IRunStore>();
        var publisher = web.Services.GetRequiredService<IRunEventPublisher>();
        var run = new RunEntity
        {
            Id = Guid.NewGuid(), Owner = "bench", Model = request.Model!, Method = request.Method!, Question = request.Question!,
            RequestJson = "{}", Status = RunStatus.Queued, CreatedAt = DateTimeOffset.UtcNow,
        };
        await store.CreateAsync(run);
        var clock = Stopwatch.StartNew();
        var trace = web.Watch.Track(run.Id, TimeProvider.System.GetTimestamp());
        await web.Hub.InvokeAsync("JoinBatches", run.Id, 0L);
        // The job's pipeline with the search replaced by the recorded events, handed over as fast as the channel takes them.
        var channel = SearchStream.CreateChannel(Options.Capacity);
        var writer = new RunEventWriter(run.Id, store, publisher, new EventMapper(run.Id), Options, NullLogger.Instance);
        var input = writer.Input(channel);
        var writing = Task.Run(() => writer.RunAsync(channel.Reader));
        SearchStream.Produce(emit => { foreach (var e in events) emit(e); }, input, CancellationToken.None);
        await writing;
        await trace.Ended.WaitAsync(TimeSpan.FromMinutes(2));
        Commits = writer.Commits;
        if (trace.OrderError is { } error) throw new InvalidOperationException(error);
        return clock.Elapsed.TotalMilliseconds;
    }
}
