using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Evaluations;

namespace RearPlayground.Tests.Data;

/// <summary>The evaluation store on a real SQLite file: life cycle, guards against racing writers, list and clean-up.</summary>
public class EvaluationStoreTests
{
    [Fact]
    public async Task An_evaluation_goes_from_queued_to_running_to_succeeded_with_its_progress_and_report()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Store(db);
        var id = await CreateAsync(store);

        Assert.True(await store.TryStartAsync(id, 6));
        Assert.False(await store.TryStartAsync(id, 6)); // never started twice
        await store.UpdateProgressAsync(id, 2, 6);
        var running = (await store.FindAsync(id))!;
        Assert.Equal((RunStatus.Running, 2, 6), (running.Status, running.Done, running.Total));
        Assert.NotNull(running.StartedAt);

        Assert.True(await store.TryFinishAsync(id, RunStatus.Succeeded, "{\"methods\":{}}", null));
        Assert.False(await store.TryFinishAsync(id, RunStatus.Failed, null, "late"));
        await store.UpdateProgressAsync(id, 3, 6); // ignored once ended

        var done = (await store.FindAsync(id))!;
        Assert.Equal((RunStatus.Succeeded, 6, 6, "{\"methods\":{}}", (string?)null), (done.Status, done.Done, done.Total, done.ResultJson, done.Error));
        Assert.NotNull(done.FinishedAt);
    }

    [Fact]
    public async Task A_failure_keeps_the_progress_it_reached()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Store(db);
        var id = await CreateAsync(store);
        await store.TryStartAsync(id, 6);
        await store.UpdateProgressAsync(id, 2, 6);

        Assert.True(await store.TryFinishAsync(id, RunStatus.Failed, null, "boom"));

        var failed = (await store.FindAsync(id))!;
        Assert.Equal((RunStatus.Failed, 2, "boom"), (failed.Status, failed.Done, failed.Error));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.TryFinishAsync(id, RunStatus.Running, null, null));
    }

    [Fact]
    public async Task Cancel_ends_a_queued_evaluation_at_once_and_flags_a_running_one()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Store(db);
        var queued = await CreateAsync(store);
        var running = await CreateAsync(store);
        await store.TryStartAsync(running, 4);

        Assert.True(await store.RequestCancelAsync(queued));
        Assert.True(await store.RequestCancelAsync(running));

        Assert.Equal(RunStatus.Cancelled, (await store.FindAsync(queued))!.Status);
        Assert.False(await store.TryStartAsync(queued, 4));
        var flagged = (await store.FindAsync(running))!;
        Assert.Equal((RunStatus.Running, true), (flagged.Status, flagged.CancelRequested));
        await store.TryFinishAsync(running, RunStatus.Cancelled, null, null);
        Assert.False(await store.RequestCancelAsync(running)); // already ended
    }

    [Fact]
    public async Task Only_ended_evaluations_are_deleted()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Store(db);
        var live = await CreateAsync(store);
        var ended = await CreateAsync(store);
        await store.TryFinishAsync(ended, RunStatus.Failed, null, "x");

        Assert.False(await store.DeleteAsync(live));
        Assert.True(await store.DeleteAsync(ended));
        Assert.False(await store.DeleteAsync(ended));

        Assert.NotNull(await store.FindAsync(live));
        Assert.Null(await store.FindAsync(ended));
    }

    [Fact]
    public async Task The_list_is_newest_first_and_leaves_the_dataset_out()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Store(db);
        var start = DateTimeOffset.UtcNow;
        var older = await CreateAsync(store, start.AddMinutes(-5));
        var newer = await CreateAsync(store, start);

        var list = await store.ListAsync();

        Assert.Equal([newer, older], list.Select(e => e.Id));
        Assert.All(list, e => Assert.Equal("", e.DatasetJsonl));
        Assert.All(list, e => Assert.Equal("data.jsonl", e.DatasetName));
        Assert.Single(await store.ListAsync(1));
    }

    [Fact]
    public async Task Start_up_marks_live_evaluations_interrupted_and_leaves_ended_ones_alone()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Store(db);
        var queued = await CreateAsync(store);
        var running = await CreateAsync(store);
        var succeeded = await CreateAsync(store);
        await store.TryStartAsync(running, 2);
        await store.TryFinishAsync(succeeded, RunStatus.Succeeded, "{}", null);

        Assert.Equal(1, await store.MarkInterruptedAsync([RunStatus.Running, RunStatus.Succeeded]));

        Assert.Equal(RunStatus.Queued, (await store.FindAsync(queued))!.Status);
        var interrupted = (await store.FindAsync(running))!;
        Assert.Equal((RunStatus.Interrupted, EvaluationStore.InterruptedError), (interrupted.Status, interrupted.Error));
        Assert.Equal(RunStatus.Succeeded, (await store.FindAsync(succeeded))!.Status);
        Assert.Equal(1, await store.MarkInterruptedAsync([RunStatus.Queued]));
    }

    private static IEvaluationStore Store(TempDatabase db) => db.Services.GetRequiredService<IEvaluationStore>();

    private static async Task<Guid> CreateAsync(IEvaluationStore store, DateTimeOffset? createdAt = null)
    {
        var evaluation = new EvaluationEntity
        {
            Id = Guid.NewGuid(), Owner = "alice", Model = "stories260K", DatasetName = "data.jsonl",
            DatasetJsonl = "{\"question\":\"q\",\"preference\":\"p\",\"maxWords\":3}", SettingsJson = "{}",
            Status = RunStatus.Queued, CreatedAt = createdAt ?? default,
        };
        await store.CreateAsync(evaluation);
        return evaluation.Id;
    }
}
