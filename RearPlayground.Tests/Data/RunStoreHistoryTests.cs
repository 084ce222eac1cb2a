using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;

namespace RearPlayground.Tests.Data;

/// <summary>The history's store calls: annotated and date filters, every sort, paging, per-row extras, facets, deletion.</summary>
public sealed class RunStoreHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<Guid[]> Ids(TempDatabase db, RunQuery query) =>
        (await db.Store.ListAsync(query)).Items.Select(r => r.Id).ToArray();

    private static Task AnnotateAsync(TempDatabase db, Guid runId, string annotator = "carol") =>
        db.Store.AddAnnotationAsync(new AnnotationEntity { RunId = runId, Annotator = annotator, Kind = "best", Value = "0", CandidateIndex = 0 });

    /// <summary>A finished run with three events, three nodes, two candidates (the best scores 0.5) and its timings.</summary>
    private static async Task<RunEntity> FinishedRunAsync(TempDatabase db, string owner = "alice", DateTimeOffset? createdAt = null,
        TimeSpan? duration = null)
    {
        var run = await db.CreateRunAsync(owner: owner, createdAt: createdAt ?? T0);
        var started = (createdAt ?? T0).AddSeconds(1);
        await db.Store.AppendAsync(run.Id, new("runStarted", "{}") { UpdateRun = r => { r.Status = RunStatus.Running; r.StartedAt = started; } });
        await db.Store.AppendAsync(run.Id, new("nodeExpanded", "{}") { Nodes = [DataSamples.Node(0), DataSamples.Node(1, parent: 0), DataSamples.Node(2, parent: 0)] });
        var first = DataSamples.Candidate(0, nodeId: 1);
        var second = DataSamples.Candidate(1, nodeId: 2);
        second.Score = 0.5;
        await db.Store.AppendAsync(run.Id, new("runFinished", "{}")
        {
            Candidates = [first, second],
            UpdateRun = r => { r.Status = RunStatus.Succeeded; r.Best = 1; r.FinishedAt = started + (duration ?? TimeSpan.FromSeconds(2)); },
        });
        return (await db.Store.FindAsync(run.Id))!;
    }

    [Fact]
    public async Task Annotated_filter_keeps_runs_with_or_without_an_annotation()
    {
        await using var db = await TempDatabase.CreateAsync();
        var plain = await db.CreateRunAsync(createdAt: T0);
        var once = await db.CreateRunAsync(createdAt: T0.AddMinutes(1));
        var twice = await db.CreateRunAsync(createdAt: T0.AddMinutes(2));
        await AnnotateAsync(db, once.Id);
        await AnnotateAsync(db, twice.Id);
        await AnnotateAsync(db, twice.Id, "dave");

        Assert.Equal([twice.Id, once.Id], await Ids(db, new RunQuery(Annotated: true))); // each run once, however many annotations
        Assert.Equal([plain.Id], await Ids(db, new RunQuery(Annotated: false)));
        Assert.Equal(3, (await db.Store.ListAsync(new RunQuery(Annotated: null))).Total);
        Assert.Equal(2, (await db.Store.ListAsync(new RunQuery(Annotated: true, PageSize: 1))).Total);
    }

    [Fact]
    public async Task Date_range_is_from_inclusive_to_exclusive_on_the_instant()
    {
        await using var db = await TempDatabase.CreateAsync();
        var before = await db.CreateRunAsync(createdAt: T0.AddTicks(-1));
        var atStart = await db.CreateRunAsync(createdAt: T0.ToOffset(TimeSpan.FromHours(5))); // same instant, other offset
        var inside = await db.CreateRunAsync(createdAt: T0.AddHours(23));
        var atEnd = await db.CreateRunAsync(createdAt: T0.AddDays(1));

        Assert.Equal([inside.Id, atStart.Id], await Ids(db, new RunQuery(CreatedFrom: T0, CreatedTo: T0.AddDays(1))));
        Assert.Equal([atEnd.Id, inside.Id, atStart.Id], await Ids(db, new RunQuery(CreatedFrom: T0.ToOffset(TimeSpan.FromHours(-8)))));
        Assert.Equal([before.Id], await Ids(db, new RunQuery(CreatedTo: T0)));
        Assert.Empty(await Ids(db, new RunQuery(CreatedFrom: T0.AddDays(2))));
    }

    [Fact]
    public async Task Each_sort_orders_both_ways_with_newest_first_on_ties()
    {
        await using var db = await TempDatabase.CreateAsync();
        var a = await db.CreateRunAsync(owner: "carol", model: "m-b", method: "dvts", status: RunStatus.Running, createdAt: T0);
        var b = await db.CreateRunAsync(owner: "alice", model: "m-a", method: "greedy", status: RunStatus.Failed, createdAt: T0.AddMinutes(1));
        var c = await db.CreateRunAsync(owner: "bob", model: "m-b", method: "bon", status: RunStatus.Queued, createdAt: T0.AddMinutes(2));

        Assert.Equal([c.Id, b.Id, a.Id], await Ids(db, new RunQuery())); // the default: newest first
        Assert.Equal([a.Id, b.Id, c.Id], await Ids(db, new RunQuery(Sort: RunSort.Created, Descending: false)));
        Assert.Equal([b.Id, c.Id, a.Id], await Ids(db, new RunQuery(Sort: RunSort.Model, Descending: false))); // m-b tie: newest first
        Assert.Equal([c.Id, a.Id, b.Id], await Ids(db, new RunQuery(Sort: RunSort.Model, Descending: true)));
        Assert.Equal([c.Id, a.Id, b.Id], await Ids(db, new RunQuery(Sort: RunSort.Method, Descending: false)));
        Assert.Equal([b.Id, a.Id, c.Id], await Ids(db, new RunQuery(Sort: RunSort.Method, Descending: true)));
        Assert.Equal([b.Id, c.Id, a.Id], await Ids(db, new RunQuery(Sort: RunSort.Owner, Descending: false)));
        Assert.Equal([a.Id, c.Id, b.Id], await Ids(db, new RunQuery(Sort: RunSort.Owner, Descending: true)));
        // By status name: failed, queued, running.
        Assert.Equal([b.Id, c.Id, a.Id], await Ids(db, new RunQuery(Sort: RunSort.Status, Descending: false)));
        Assert.Equal([a.Id, c.Id, b.Id], await Ids(db, new RunQuery(Sort: RunSort.Status, Descending: true)));
    }

    [Fact]
    public async Task Duration_sort_uses_finish_minus_start_and_puts_unfinished_runs_last_when_descending()
    {
        await using var db = await TempDatabase.CreateAsync();
        var slow = await FinishedRunAsync(db, createdAt: T0, duration: TimeSpan.FromMinutes(5));
        var fast = await FinishedRunAsync(db, createdAt: T0.AddMinutes(1), duration: TimeSpan.FromMilliseconds(10));
        var medium = await FinishedRunAsync(db, createdAt: T0.AddMinutes(2), duration: TimeSpan.FromSeconds(30));
        var queued = await db.CreateRunAsync(createdAt: T0.AddMinutes(3));

        Assert.Equal([slow.Id, medium.Id, fast.Id, queued.Id], await Ids(db, new RunQuery(Sort: RunSort.Duration, Descending: true)));
        Assert.Equal([queued.Id, fast.Id, medium.Id, slow.Id], await Ids(db, new RunQuery(Sort: RunSort.Duration, Descending: false)));
    }

    [Fact]
    public async Task Paging_under_a_sort_and_filter_covers_every_run_once_with_the_filtered_total()
    {
        await using var db = await TempDatabase.CreateAsync();
        var mine = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            mine.Add((await db.CreateRunAsync(owner: "alice", model: i % 2 == 0 ? "m-a" : "m-b", createdAt: T0.AddMinutes(i))).Id);
            await db.CreateRunAsync(owner: "bob", createdAt: T0.AddMinutes(i).AddSeconds(30));
        }

        var seen = new List<Guid>();
        for (var page = 1; page <= 3; page++)
        {
            var (items, total) = await db.Store.ListAsync(new RunQuery(page, 3, Owner: "alice", Sort: RunSort.Model, Descending: false));
            Assert.Equal(7, total);
            seen.AddRange(items.Select(r => r.Id));
        }
        Assert.Equal(7, seen.Distinct().Count());
        Assert.Equal(mine.ToHashSet(), seen.ToHashSet());
        // m-a (i = 6, 4, 2, 0) then m-b (5, 3, 1), each newest first.
        Assert.Equal([mine[6], mine[4], mine[2], mine[0], mine[5], mine[3], mine[1]], seen);
    }

    [Fact]
    public async Task Clamped_is_what_the_store_applies()
    {
        Assert.Equal((1, 1), (new RunQuery(Page: 0, PageSize: 0).Clamped().Page, new RunQuery(Page: 0, PageSize: 0).Clamped().PageSize));
        Assert.Equal(RunStore.MaxPageSize, new RunQuery(PageSize: 10_000).Clamped().PageSize);
        Assert.Equal(new RunQuery(Page: 3, PageSize: 50), new RunQuery(Page: 3, PageSize: 50).Clamped());

        await using var db = await TempDatabase.CreateAsync();
        for (var i = 0; i < 3; i++) await db.CreateRunAsync(createdAt: T0.AddMinutes(i));
        Assert.Single((await db.Store.ListAsync(new RunQuery(Page: -1, PageSize: -1))).Items);
    }

    [Fact]
    public async Task Delete_removes_the_run_and_all_its_rows_and_nothing_of_other_runs()
    {
        await using var db = await TempDatabase.CreateAsync();
        var doomed = await FinishedRunAsync(db, createdAt: T0);
        var kept = await FinishedRunAsync(db, createdAt: T0.AddMinutes(1));
        await AnnotateAsync(db, doomed.Id);
        await AnnotateAsync(db, kept.Id);
        long Count(string table, Guid run) => (long)db.Scalar($"SELECT COUNT(*) FROM {table} WHERE RunId = '{run.ToString().ToUpperInvariant()}'")!;
        string[] tables = ["RunEvents", "TreeNodes", "Candidates", "Annotations"];
        Assert.All(tables, t => Assert.True(Count(t, doomed.Id) > 0, $"{t} has rows of the run before"));

        Assert.Equal(RunDeletion.Deleted, await db.Store.DeleteAsync(doomed.Id, onlyOwner: "alice"));

        Assert.Null(await db.Store.FindAsync(doomed.Id));
        Assert.All(tables, t => Assert.Equal(0, Count(t, doomed.Id)));
        Assert.NotNull(await db.Store.FindAsync(kept.Id));
        Assert.Equal((3L, 3L, 2L, 1L), (Count("RunEvents", kept.Id), Count("TreeNodes", kept.Id), Count("Candidates", kept.Id), Count("Annotations", kept.Id)));
        Assert.Equal(RunDeletion.NotFound, await db.Store.DeleteAsync(doomed.Id, onlyOwner: null));
    }

    [Fact]
    public async Task Delete_refuses_someone_elses_run_unless_admin_and_any_run_still_going()
    {
        await using var db = await TempDatabase.CreateAsync();
        var alices = await FinishedRunAsync(db, owner: "alice");
        var running = await db.CreateRunAsync(owner: "bob", status: RunStatus.Running);
        var queued = await db.CreateRunAsync(owner: "bob");

        Assert.Equal(RunDeletion.NotOwner, await db.Store.DeleteAsync(alices.Id, onlyOwner: "bob"));
        Assert.NotNull(await db.Store.FindAsync(alices.Id));
        Assert.Equal(3L, db.Scalar("SELECT COUNT(*) FROM TreeNodes"));
        Assert.Equal(RunDeletion.Active, await db.Store.DeleteAsync(running.Id, onlyOwner: "bob"));
        Assert.Equal(RunDeletion.Active, await db.Store.DeleteAsync(queued.Id, onlyOwner: null));
        Assert.Equal(3, (await db.Store.ListAsync(new RunQuery())).Total);

        Assert.Equal(RunDeletion.Deleted, await db.Store.DeleteAsync(alices.Id, onlyOwner: null)); // an admin
        Assert.Equal(2, (await db.Store.ListAsync(new RunQuery())).Total);
    }

    [Fact]
    public async Task List_extras_give_the_best_candidates_score_and_the_annotation_count()
    {
        await using var db = await TempDatabase.CreateAsync();
        var done = await FinishedRunAsync(db);
        var queued = await db.CreateRunAsync();
        await AnnotateAsync(db, queued.Id);
        await AnnotateAsync(db, queued.Id, "dave");

        var extras = await db.Store.ListExtrasAsync([done.Id, queued.Id, done.Id]);

        Assert.Equal(new RunListExtras(0.5, 0), extras[done.Id]); // Best = 1, the candidate scoring 0.5
        Assert.Equal(new RunListExtras(null, 2), extras[queued.Id]);
        Assert.Empty(await db.Store.ListExtrasAsync([]));
    }

    [Fact]
    public async Task Facets_are_the_distinct_sorted_values()
    {
        await using var db = await TempDatabase.CreateAsync();
        await db.CreateRunAsync(owner: "bob", model: "m-b", method: "dvts");
        await db.CreateRunAsync(owner: "alice", model: "m-b", method: "bon");
        await db.CreateRunAsync(owner: "bob", model: "m-a", method: "bon");

        var facets = await db.Store.FacetsAsync();

        Assert.Equal(["m-a", "m-b"], facets.Models);
        Assert.Equal(["bon", "dvts"], facets.Methods);
        Assert.Equal(["alice", "bob"], facets.Owners);
    }
}
