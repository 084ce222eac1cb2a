using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RearPlayground.Data.Entities;
using RearPlayground.Tests.Support;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Events;

namespace RearPlayground.Tests.Jobs;

/// <summary>The job end to end against the real store on a temp SQLite file, with a recording publisher.</summary>
public class RunJobTests
{
    [Theory]
    [InlineData("bon")]
    [InlineData("dvts")]
    [InlineData("greedy")]
    public async Task A_run_succeeds_with_every_event_stored_then_published_in_order(string method)
    {
        await using var h = await JobsHarness.CreateAsync();
        var request = JobsHarness.Request(method);
        var id = await h.SubmitAsync(request);

        await h.Job.ExecuteAsync(id, CancellationToken.None);

        var run = (await h.Store.FindAsync(id))!;
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(("cpu", 64), (run.Device!, run.ModelHash!.Length));
        Assert.True(run.StartedAt <= run.FinishedAt);
        var events = await h.Store.EventsAsync(id);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(events.Count, run.LastSequence);
        Assert.Equal("runStarted", events[0].Type);
        Assert.Equal("runFinished", events[^1].Type);
        var published = h.Publisher.Calls.ToArray();
        Assert.Equal(events.Select(e => (id, e.Sequence, e.Type, e.PayloadJson)), published.Select(p => (p.RunId, p.Sequence, p.Type, p.PayloadJson)));

        // The stored candidates are the ones a direct search of the same request returns (same seed, same device).
        var expected = SearchRunner.Run(SharedModels.StoriesCpu, request.ToSearchRequest());
        var candidates = await h.Store.CandidatesAsync(id);
        Assert.Equal(expected.Candidates.Select(c => (c.Index, c.Text)), candidates.Select(c => (c.Index, c.Text)));
        Assert.Equal(expected.Candidates.Select(c => c.TokenIds), candidates.Select(c => JsonSerializer.Deserialize<int[]>(c.TokenIdsJson)!));
        Assert.Equal(expected.Best, run.Best);
        Assert.Equal(expected.Tree.Count, (await h.Store.NodesAsync(id)).Count);
        Assert.False(h.Cancellation.IsRunning(id));
    }

    [Fact]
    public async Task Cancelling_mid_run_ends_it_cancelled_and_keeps_its_events()
    {
        await using var h = await JobsHarness.CreateAsync();
        var id = await h.SubmitAsync(LongDvts());
        h.Publisher.OnPublish = p => { if (p.Type == "progress") h.Cancellation.Cancel(p.RunId); };

        await TightJob(h).ExecuteAsync(id, CancellationToken.None);

        await AssertCancelledMidRun(h, id, expectedError: null);
    }

    [Fact]
    public async Task Worker_shutdown_cancels_the_run_and_says_so()
    {
        await using var h = await JobsHarness.CreateAsync();
        var id = await h.SubmitAsync(LongDvts());
        using var shutdown = new CancellationTokenSource();
        h.Publisher.OnPublish = p => { if (p.Type == "progress") shutdown.Cancel(); };

        await TightJob(h).ExecuteAsync(id, shutdown.Token);

        await AssertCancelledMidRun(h, id, expectedError: "the worker stopped during the run");
    }

    [Fact]
    public async Task A_cancel_requested_from_another_process_is_seen_through_the_store()
    {
        await using var h = await JobsHarness.CreateAsync();
        var id = await h.SubmitAsync(LongDvts());
        var job = TightJob(h, cancelPoll: TimeSpan.FromMilliseconds(20));
        var requested = false;
        h.Publisher.OnPublish = p =>
        {
            if (p.Type != "progress" || requested) return;
            requested = true;
            // Only the stored flag, as the web app sets it for a run in another process; then give the poll time.
            Assert.True(h.Store.RequestCancelAsync(p.RunId).GetAwaiter().GetResult());
            Thread.Sleep(1000);
        };

        await job.ExecuteAsync(id, CancellationToken.None);

        await AssertCancelledMidRun(h, id, expectedError: null);
    }

    [Fact]
    public async Task A_model_that_does_not_exist_fails_the_run_with_a_message()
    {
        await using var h = await JobsHarness.CreateAsync();
        var id = await h.SubmitAsync(JobsHarness.Request() with { Model = "no-such-model" });

        await h.Job.ExecuteAsync(id, CancellationToken.None);

        var run = (await h.Store.FindAsync(id))!;
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("no-such-model", run.Error);
        var e = Assert.Single(await h.Store.EventsAsync(id));
        Assert.Equal("runFailed", e.Type);
        var published = Assert.Single(h.Publisher.Calls);
        Assert.Equal((1L, "runFailed"), (published.Sequence, published.Type));
    }

    [Fact]
    public async Task A_request_over_the_workers_limits_fails_the_run()
    {
        await using var h = await JobsHarness.CreateAsync();
        var id = await h.SubmitAsync(JobsHarness.Request() with { N = 1000 });

        await h.Job.ExecuteAsync(id, CancellationToken.None);

        var run = (await h.Store.FindAsync(id))!;
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("n must be at most 64", run.Error);
        Assert.Empty(h.Pool.Loaded);
    }

    [Fact]
    public async Task A_run_cancelled_while_queued_is_never_started()
    {
        await using var h = await JobsHarness.CreateAsync();
        var id = await h.SubmitAsync(JobsHarness.Request());
        Assert.True(await h.Store.RequestCancelAsync(id));

        await h.Job.ExecuteAsync(id, CancellationToken.None);

        Assert.Equal(RunStatus.Cancelled, (await h.Store.FindAsync(id))!.Status);
        // Only the terminal event the store appended with the cancel: the job wrote nothing.
        Assert.Equal(["runCancelled"], (await h.Store.EventsAsync(id)).Select(e => e.Type));
        Assert.Empty(h.Publisher.Calls);
        Assert.Empty(h.Pool.Loaded);
    }

    [Fact]
    public async Task A_run_that_already_ran_is_not_run_again()
    {
        await using var h = await JobsHarness.CreateAsync();
        var id = await h.SubmitAsync(JobsHarness.Request(n: 2, maxTokens: 4));
        await h.Job.ExecuteAsync(id, CancellationToken.None);
        var count = (await h.Store.EventsAsync(id)).Count;

        await h.Job.ExecuteAsync(id, CancellationToken.None);

        Assert.Equal(count, (await h.Store.EventsAsync(id)).Count);
        Assert.Equal(RunStatus.Succeeded, (await h.Store.FindAsync(id))!.Status);
    }

    [Fact]
    public async Task A_second_delivery_while_the_run_executes_here_does_nothing_and_leaves_the_first_cancellable()
    {
        await using var h = await JobsHarness.CreateAsync();
        var id = await h.SubmitAsync(LongDvts());
        var first = Task.Run(() => TightJob(h).ExecuteAsync(id, CancellationToken.None));
        await WaitUntilAsync(async () => (await h.Store.FindAsync(id))!.Status == RunStatus.Running);

        // Hangfire may deliver a job twice: the second sees the run registered here and returns at once.
        await TightJob(h).ExecuteAsync(id, CancellationToken.None);

        Assert.Equal(RunStatus.Running, (await h.Store.FindAsync(id))!.Status);
        // The first's registration is intact: an in-process cancel still reaches it.
        Assert.True(h.Cancellation.Cancel(id));
        await first.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(RunStatus.Cancelled, (await h.Store.FindAsync(id))!.Status);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }

    /// <summary>
    /// A pipeline of a few events: the search is at most ~2 steps ahead of what is published, so a cancel made when an
    /// event is published can be checked to stop the run soon (the default lets it run ~25 ms, many steps, ahead).
    /// </summary>
    internal static readonly EventPipelineOptions Tight = new() { Capacity = 4, MaxBatch = 4, CommitInterval = TimeSpan.Zero };

    internal static RunJob TightJob(JobsHarness h, TimeSpan? cancelPoll = null) =>
        new(h.Store, h.Pool, h.Publisher, h.Cancellation, new RunLimits(), NullLogger<RunJob>.Instance)
        {
            Pipeline = Tight,
            CancelPollInterval = cancelPoll ?? TimeSpan.FromSeconds(2),
        };

    // Short steps and many of them: there is always a next model call for the cancel to stop.
    internal static RunRequest LongDvts() => JobsHarness.Request("dvts", n: 4, maxTokens: 256) with { StepTokens = 1, MaxSteps = 256, Stop = "\u0001" };

    private static async Task AssertCancelledMidRun(JobsHarness h, Guid id, string? expectedError)
    {
        var run = (await h.Store.FindAsync(id))!;
        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.Equal(expectedError, run.Error);
        Assert.NotNull(run.FinishedAt);
        var events = await h.Store.EventsAsync(id);
        Assert.Equal("runCancelled", events[^1].Type);
        Assert.DoesNotContain(events, e => e.Type == "runFinished");
        Assert.Contains(events, e => e.Type == "nodeExpanded");
        Assert.True(events.Count(e => e.Type == "progress") < 10, "stopped soon after the cancel");
        Assert.Equal(events.Select(e => e.Sequence), h.Publisher.Calls.Select(p => p.Sequence));
        Assert.False(h.Cancellation.IsRunning(id));
    }
}
