using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;

namespace RearPlayground.Tests.Data;

/// <summary>Cancel, finish and interrupt semantics, and annotations.</summary>
public sealed class RunStoreLifecycleTests
{
    [Fact]
    public async Task Cancelling_a_queued_run_ends_it_at_once()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync(RunStatus.Queued);
        Assert.True(await db.Store.RequestCancelAsync(run.Id));
        var stored = (await db.Store.FindAsync(run.Id))!;
        Assert.Equal((RunStatus.Cancelled, true), (stored.Status, stored.CancelRequested));
        Assert.NotNull(stored.FinishedAt);
        Assert.False(await db.Store.RequestCancelAsync(run.Id)); // now it has ended
    }

    [Fact]
    public async Task Cancelling_a_running_run_only_raises_the_flag()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync(RunStatus.Running);
        Assert.True(await db.Store.RequestCancelAsync(run.Id));
        Assert.True(await db.Store.RequestCancelAsync(run.Id)); // still running: asking again is fine
        var stored = (await db.Store.FindAsync(run.Id))!;
        Assert.Equal((RunStatus.Running, true), (stored.Status, stored.CancelRequested));
        Assert.Null(stored.FinishedAt);
    }

    [Theory]
    [InlineData(RunStatus.Succeeded)]
    [InlineData(RunStatus.Failed)]
    [InlineData(RunStatus.Cancelled)]
    [InlineData(RunStatus.Interrupted)]
    public async Task Cancelling_an_ended_run_is_refused(RunStatus status)
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync(status);
        Assert.False(await db.Store.RequestCancelAsync(run.Id));
        var stored = (await db.Store.FindAsync(run.Id))!;
        Assert.Equal((status, false), (stored.Status, stored.CancelRequested));
        Assert.False(await db.Store.RequestCancelAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task TryFinish_ends_live_runs_only()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync(RunStatus.Running);
        Assert.True(await db.Store.TryFinishAsync(run.Id, RunStatus.Failed, "out of memory"));
        Assert.False(await db.Store.TryFinishAsync(run.Id, RunStatus.Succeeded, null));
        var stored = (await db.Store.FindAsync(run.Id))!;
        Assert.Equal((RunStatus.Failed, "out of memory"), (stored.Status, stored.Error));
        Assert.NotNull(stored.FinishedAt);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => db.Store.TryFinishAsync(run.Id, RunStatus.Running, null));
    }

    [Fact]
    public async Task MarkInterrupted_ends_runs_in_the_given_live_statuses()
    {
        await using var db = await TempDatabase.CreateAsync();
        var running1 = await db.CreateRunAsync(RunStatus.Running);
        var running2 = await db.CreateRunAsync(RunStatus.Running);
        var queued = await db.CreateRunAsync(RunStatus.Queued);
        var done = await db.CreateRunAsync(RunStatus.Succeeded);

        Assert.Equal(2, await db.Store.MarkInterruptedAsync([RunStatus.Running, RunStatus.Succeeded]));
        foreach (var id in new[] { running1.Id, running2.Id })
        {
            var stored = (await db.Store.FindAsync(id))!;
            Assert.Equal((RunStatus.Interrupted, RunStore.InterruptedError), (stored.Status, stored.Error));
            Assert.NotNull(stored.FinishedAt);
        }
        Assert.Equal(RunStatus.Queued, (await db.Store.FindAsync(queued.Id))!.Status);
        Assert.Equal(RunStatus.Succeeded, (await db.Store.FindAsync(done.Id))!.Status);
        Assert.Equal(1, await db.Store.MarkInterruptedAsync([RunStatus.Queued, RunStatus.Running]));
        Assert.Equal(0, await db.Store.MarkInterruptedAsync([]));
    }

    [Fact]
    public async Task Annotations_round_trip_oldest_first()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync();
        var other = await db.CreateRunAsync();
        var t = new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);
        var second = await db.Store.AddAnnotationAsync(new() { RunId = run.Id, CandidateIndex = 1, Annotator = "bob", Kind = "rank", Value = "2", At = t.AddMinutes(5) });
        var first = await db.Store.AddAnnotationAsync(new() { RunId = run.Id, Annotator = "carol", Kind = "label", Value = "off-topic", Comment = "ignores the preference", At = t });
        await db.Store.AddAnnotationAsync(new() { RunId = other.Id, Annotator = "bob", Kind = "label", Value = "x" });

        var annotations = await db.Store.AnnotationsAsync(run.Id);
        Assert.Equal([first, second], annotations.Select(a => a.Id));
        Assert.Equal(("carol", "label", "off-topic", "ignores the preference", (int?)null, t),
            (annotations[0].Annotator, annotations[0].Kind, annotations[0].Value, annotations[0].Comment, annotations[0].CandidateIndex, annotations[0].At));
        Assert.Equal(1, annotations[1].CandidateIndex);
        Assert.NotEqual(default, (await db.Store.AnnotationsAsync(other.Id)).Single().At); // stamped when not given
    }
}
