using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Web.Components.Shared.RunView;
using RearPlayground.Web.Live;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Tests.Data;

/// <summary>
/// Runs that end without a job to say so (cancelled while queued, interrupted at start-up) get a terminal event from
/// the store, at the next sequence number, in the worker's own event JSON; nothing is appended after it.
/// </summary>
public sealed class RunEndEventsTests
{
    [Fact]
    public async Task Cancelling_a_queued_run_appends_runCancelled_as_its_first_event()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync(RunStatus.Queued);

        Assert.True(await db.Store.RequestCancelAsync(run.Id));

        var e = Assert.Single(await db.Store.EventsAsync(run.Id));
        Assert.Equal((1L, "runCancelled"), (e.Sequence, e.Type));
        Assert.IsType<RunCancelled>(EventJson.Deserialize(e.PayloadJson));
        Assert.Equal(1, (await db.Store.FindAsync(run.Id))!.LastSequence);
    }

    [Fact]
    public async Task Marking_interrupted_appends_runInterrupted_after_the_last_stored_event()
    {
        await using var db = await TempDatabase.CreateAsync();
        var running = await db.CreateRunAsync(RunStatus.Running);
        var bare = await db.CreateRunAsync(RunStatus.Running);
        await db.Store.AppendBatchAsync(running.Id, [Progress(1), Progress(2), Progress(3)]);

        Assert.Equal(2, await db.Store.MarkInterruptedAsync([RunStatus.Running]));

        var events = await db.Store.EventsAsync(running.Id);
        Assert.Equal([1L, 2, 3, 4], events.Select(e => e.Sequence));
        Assert.Equal("runInterrupted", events[^1].Type);
        var interrupted = Assert.IsType<RunInterrupted>(EventJson.Deserialize(events[^1].PayloadJson));
        Assert.Equal(RunStore.InterruptedError, interrupted.Message);
        Assert.Equal(4, (await db.Store.FindAsync(running.Id))!.LastSequence);
        Assert.Equal(["runInterrupted"], (await db.Store.EventsAsync(bare.Id)).Select(e => e.Type));
    }

    [Fact]
    public async Task Nothing_is_appended_after_a_terminal_event()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync(RunStatus.Queued);
        Assert.True(await db.Store.RequestCancelAsync(run.Id));

        // A job that took the run just before the cancel: its first event is refused, the log stays ended.
        await Assert.ThrowsAsync<RunEndedException>(() => db.Store.AppendAsync(run.Id, Progress(1)));
        Assert.Equal(["runCancelled"], (await db.Store.EventsAsync(run.Id)).Select(e => e.Type));
    }

    [Fact]
    public async Task Nothing_is_appended_after_a_terminal_event_stored_inside_a_packed_batch()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync(RunStatus.Running);
        var cancelled = new EventWrite("runCancelled", EventJson.Serialize(new RunCancelled())) { UpdateRun = r => r.Status = RunStatus.Cancelled };
        await db.Store.AppendBatchAsync(run.Id, [Progress(1), Progress(2), cancelled]);

        await Assert.ThrowsAsync<RunEndedException>(() => db.Store.AppendAsync(run.Id, Progress(3)));
        Assert.Equal(["progress", "progress", "runCancelled"], (await db.Store.EventsAsync(run.Id)).Select(e => e.Type));
    }

    [Fact]
    public void The_run_view_ends_interrupted_on_runInterrupted_with_its_message()
    {
        var state = new RunViewState();
        state.Apply(new RunEventMessage(Guid.NewGuid(), 1, "runInterrupted", RunEndEvents.InterruptedJson("the process running it stopped")));

        Assert.Equal("interrupted", state.Status);
        Assert.True(state.EndedByEvent);
        Assert.Equal("the process running it stopped", state.Error);
    }

    private static EventWrite Progress(int step) =>
        new("progress", EventJson.Serialize(new ProgressReported(step, 3, step, 1)));
}
