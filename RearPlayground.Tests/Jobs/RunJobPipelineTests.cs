using Microsoft.Extensions.Logging.Abstractions;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Events;

namespace RearPlayground.Tests.Jobs;

/// <summary>The job's event pipeline with the real search (stories260K on CPU) and a store whose appends a test can hold.</summary>
public class RunJobPipelineTests
{
    private static RunJob Job(JobsHarness h, IRunStore store, EventPipelineOptions? pipeline = null) =>
        new(store, h.Pool, h.Publisher, h.Cancellation, new RunLimits(), NullLogger<RunJob>.Instance) { Pipeline = pipeline ?? new() };

    [Fact]
    public async Task A_dvts_run_is_stored_in_a_few_transactions_of_several_events_each()
    {
        await using var h = await JobsHarness.CreateAsync();
        var (store, hooks) = HookedStore.Wrap(h.Store);
        var id = await h.SubmitAsync(JobsHarness.Request("dvts", n: 8, maxTokens: 64) with { StepTokens = 2 });

        await Job(h, store).ExecuteAsync(id, CancellationToken.None);

        var events = await h.Store.EventsAsync(id);
        Assert.Equal(RunStatus.Succeeded, (await h.Store.FindAsync(id))!.Status);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(events.Count, hooks.Batches.Sum());
        Assert.True(hooks.Batches.Count < events.Count / 2, $"{events.Count} events in {hooks.Batches.Count} transactions");
        Assert.Equal(hooks.Batches, h.Publisher.Batches);
        // The rows were written once, with the end: nodes carry their final kept flags, arrays come from the events.
        var nodes = await h.Store.NodesAsync(id);
        Assert.Equal(events.Count(e => e.Type == "nodeExpanded"), nodes.Count);
        Assert.All(nodes, n => Assert.StartsWith("[", n.TokenIdsJson));
        Assert.Contains(nodes, n => !n.Kept);
    }

    [Fact]
    public async Task A_cancel_while_the_store_is_held_ends_the_run_cancelled_within_one_step()
    {
        await using var h = await JobsHarness.CreateAsync();
        var (store, hooks) = HookedStore.Wrap(h.Store);
        var held = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hooks.BeforeBatch = (call, writes) =>
        {
            if (call != 1) return Task.CompletedTask;
            held.SetResult(writes.Count);
            return release.Task;
        };
        var pipeline = new EventPipelineOptions { Capacity = 16, MaxBatch = 8, CommitInterval = TimeSpan.Zero };
        var id = await h.SubmitAsync(RunJobTests.LongDvts());

        var running = Job(h, store, pipeline).ExecuteAsync(id, CancellationToken.None);
        var second = await held.Task;
        Assert.True(h.Cancellation.Cancel(id));
        release.SetResult();
        await running;

        var run = (await h.Store.FindAsync(id))!;
        Assert.Equal((RunStatus.Cancelled, null), (run.Status, run.Error));
        var events = await h.Store.EventsAsync(id);
        Assert.Equal("runCancelled", events[^1].Type);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        // Behind the held batch: at most a full channel, then one model call's events (a step: 4 nodes, 2 selections,
        // progress), then the end. Without the cancel the run would have hundreds of steps.
        var first = hooks.Batches.First();
        Assert.True(events.Count <= first + second + pipeline.Capacity + 7 + 1, $"{events.Count} events stored");
        Assert.Equal(events.Select(e => e.Sequence), h.Publisher.Calls.Select(c => c.Sequence));
    }
}
