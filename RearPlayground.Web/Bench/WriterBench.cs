using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Web.Bench;

/// <summary>
/// Events per second the job's write path sustains: a DVTS run's recorded events written for a fresh run as fast as
/// the path takes them (mapped, stored in the real SQLite file, published to the broker, received by the hub watcher),
/// timed from the first write to the watcher's terminal event; best of the repeats.
/// </summary>
internal static class WriterBench
{
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
        return new WriterRate(events.Count, best);
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
        await web.Hub.InvokeAsync("Join", run.Id, 0L);
        var mapper = new EventMapper(run.Id);
        foreach (var e in events)
        {
            var write = mapper.Map(e, DateTimeOffset.UtcNow);
            var sequence = await store.AppendAsync(run.Id, write);
            await publisher.PublishAsync(run.Id, sequence, write.Type, write.PayloadJson);
        }
        await trace.Ended.WaitAsync(TimeSpan.FromMinutes(2));
        if (trace.OrderError is { } error) throw new InvalidOperationException(error);
        return clock.Elapsed.TotalMilliseconds;
    }
}
