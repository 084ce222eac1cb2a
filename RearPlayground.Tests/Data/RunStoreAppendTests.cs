using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;

namespace RearPlayground.Tests.Data;

/// <summary>AppendAsync: gapless numbering, every implied row in the same transaction, safe under concurrency.</summary>
public sealed class RunStoreAppendTests
{
    [Fact]
    public async Task Create_then_find_round_trips_the_run()
    {
        await using var db = await TempDatabase.CreateAsync();
        var created = new DateTimeOffset(2026, 3, 1, 12, 30, 15, TimeSpan.FromHours(2)).AddTicks(1234567);
        var run = await db.CreateRunAsync(createdAt: created);
        await db.Store.SetJobIdAsync(run.Id, "job-7");

        var found = await db.Store.FindAsync(run.Id);
        Assert.NotNull(found);
        Assert.Equal(("alice", "stories260K", "bon", "Once upon a time", "Tom was a cat."),
            (found.Owner, found.Model, found.Method, found.Question, found.Preference));
        Assert.Equal(created, found.CreatedAt); // same instant, to the tick (returned in UTC)
        Assert.Equal(RunStatus.Queued, found.Status);
        Assert.Equal("job-7", found.JobId);
        Assert.Equal("Queued", db.Scalar("SELECT Status FROM Runs")); // enums as text
        Assert.Null(await db.Store.FindAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Events_are_numbered_one_to_n_and_read_after_a_sequence()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync();
        var sequences = new List<long>();
        for (var i = 0; i < 5; i++) sequences.Add(await db.Store.AppendAsync(run.Id, new($"E{i}", $"{{\"i\":{i}}}")));

        Assert.Equal([1L, 2, 3, 4, 5], sequences);
        Assert.Equal(5, (await db.Store.FindAsync(run.Id))!.LastSequence);
        var all = await db.Store.EventsAsync(run.Id);
        Assert.Equal(["E0", "E1", "E2", "E3", "E4"], all.Select(e => e.Type));
        Assert.Equal("{\"i\":3}", all[3].PayloadJson);
        Assert.Equal([4L, 5], (await db.Store.EventsAsync(run.Id, afterSequence: 3)).Select(e => e.Sequence));
        Assert.Empty(await db.Store.EventsAsync(run.Id, afterSequence: 5));
    }

    [Fact]
    public async Task Nodes_candidates_kept_flags_and_run_updates_are_stored_with_their_event()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync();
        var started = DateTimeOffset.UtcNow;
        await db.Store.AppendAsync(run.Id, new("RunStarted", "{}") { UpdateRun = r => { r.Status = RunStatus.Running; r.StartedAt = started; r.Device = "cpu"; } });
        await db.Store.AppendAsync(run.Id, new("NodeExpanded", "{}") { Nodes = [DataSamples.Node(0), DataSamples.Node(1, parent: 0)] });
        // Kept may name a node of this very write as well as stored ones.
        await db.Store.AppendAsync(run.Id, new("NodeSelected", "{}") { Nodes = [DataSamples.Node(2, parent: 0)], KeptNodeIds = [0, 2], PrunedNodeIds = [1] });
        await db.Store.AppendAsync(run.Id, new("CandidateFinished", "{}") { Candidates = [DataSamples.Candidate(0, nodeId: 2), DataSamples.Candidate(1, nodeId: 1)] });
        await db.Store.AppendAsync(run.Id, new("RunFinished", "{}") { UpdateRun = r => { r.Status = RunStatus.Succeeded; r.Best = 0; r.CountsJson = "{\"n\":2}"; } });

        var nodes = await db.Store.NodesAsync(run.Id);
        Assert.Equal([0, 1, 2], nodes.Select(n => n.NodeId));
        Assert.Equal([true, false, true], nodes.Select(n => n.Kept));
        Assert.Equal(0, nodes[1].ParentId);
        Assert.Equal("[-0.5,-1.25]", nodes[1].LogProbsWithoutJson);
        var candidates = await db.Store.CandidatesAsync(run.Id);
        Assert.Equal([0, 1], candidates.Select(c => c.Index));
        Assert.Equal("candidate 1", candidates[1].Text);
        var stored = (await db.Store.FindAsync(run.Id))!;
        Assert.Equal((RunStatus.Succeeded, 0, "{\"n\":2}", "cpu", 5L), (stored.Status, stored.Best, stored.CountsJson, stored.Device, stored.LastSequence));
        Assert.Equal(started, stored.StartedAt);
    }

    [Fact]
    public async Task A_failing_write_stores_nothing_and_keeps_the_sequence()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync();
        await db.Store.AppendAsync(run.Id, new("NodeExpanded", "{}") { Nodes = [DataSamples.Node(0)] });

        var throwing = new EventWrite("NodeExpanded", "{}")
        {
            Nodes = [DataSamples.Node(1, parent: 0)], Candidates = [DataSamples.Candidate(0)], KeptNodeIds = [0],
            UpdateRun = r => { r.Status = RunStatus.Running; throw new InvalidOperationException("boom"); },
        };
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Store.AppendAsync(run.Id, throwing));
        // A kept flag for a node that does not exist is a bug in the caller: the whole write fails.
        await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            db.Store.AppendAsync(run.Id, new("NodeSelected", "{}") { Nodes = [DataSamples.Node(5)], KeptNodeIds = [42] }));
        // A duplicate node id violates the key: rolled back too.
        await Assert.ThrowsAnyAsync<Exception>(() => db.Store.AppendAsync(run.Id, new("NodeExpanded", "{}") { Nodes = [DataSamples.Node(0)] }));

        var stored = (await db.Store.FindAsync(run.Id))!;
        Assert.Equal((1L, RunStatus.Queued), (stored.LastSequence, stored.Status));
        Assert.Single(await db.Store.EventsAsync(run.Id));
        Assert.Equal([0], (await db.Store.NodesAsync(run.Id)).Select(n => n.NodeId));
        Assert.False((await db.Store.NodesAsync(run.Id))[0].Kept);
        Assert.Empty(await db.Store.CandidatesAsync(run.Id));
        Assert.Equal(2L, await db.Store.AppendAsync(run.Id, new("Next", "{}"))); // no gap after the failures
    }

    [Fact]
    public async Task Appending_to_a_missing_run_throws()
    {
        await using var db = await TempDatabase.CreateAsync();
        await Assert.ThrowsAsync<KeyNotFoundException>(() => db.Store.AppendAsync(Guid.NewGuid(), new("E", "{}")));
    }

    [Fact]
    public async Task Concurrent_appends_to_different_runs_all_succeed()
    {
        await using var db = await TempDatabase.CreateAsync();
        var runs = new List<RunEntity>();
        for (var i = 0; i < 16; i++) runs.Add(await db.CreateRunAsync());
        const int perRun = 25;

        await Task.WhenAll(runs.Select(run => Task.Run(async () =>
        {
            for (var i = 0; i < perRun; i++)
                await db.Store.AppendAsync(run.Id, new("NodeExpanded", "{}") { Nodes = [DataSamples.Node(i)] });
        })));

        foreach (var run in runs)
        {
            Assert.Equal(Enumerable.Range(1, perRun).Select(i => (long)i), (await db.Store.EventsAsync(run.Id)).Select(e => e.Sequence));
            Assert.Equal(perRun, (await db.Store.NodesAsync(run.Id)).Count);
        }
    }

    [Fact]
    public async Task Concurrent_appends_to_one_run_stay_gapless()
    {
        await using var db = await TempDatabase.CreateAsync();
        var run = await db.CreateRunAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => db.Store.AppendAsync(run.Id, new($"E{i}", "{}")))));

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), results.Order());
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), (await db.Store.EventsAsync(run.Id)).Select(e => e.Sequence));
    }
}
