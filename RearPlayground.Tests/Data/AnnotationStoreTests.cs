using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Annotations;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;

namespace RearPlayground.Tests.Data;

/// <summary>The annotation store on a real SQLite file: values checked against the run, ownership, the queue, the export query.</summary>
public sealed class AnnotationStoreTests
{
    private static IAnnotationStore Annotations(TempDatabase db) => db.Services.GetRequiredService<IAnnotationStore>();

    /// <summary>A succeeded run with candidates 0..count-1.</summary>
    private static async Task<RunEntity> RunWithCandidatesAsync(TempDatabase db, int count = 3, string model = "stories260K",
        DateTimeOffset? createdAt = null, RunStatus status = RunStatus.Succeeded)
    {
        var run = await db.CreateRunAsync(status, model: model, createdAt: createdAt);
        if (count > 0)
            await db.Store.AppendAsync(run.Id, new EventWrite("candidateFinished", "{}")
            {
                Candidates = [.. Enumerable.Range(0, count).Select(i => DataSamples.Candidate(i))],
            });
        return run;
    }

    [Fact]
    public async Task Valid_annotations_are_stored_in_their_normal_form()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Annotations(db);
        var run = await RunWithCandidatesAsync(db);

        var best = await store.AddAsync(run.Id, "bob", new(" Best ", CandidateIndex: 2, Comment: "  clearest  "));
        var rank = await store.AddAsync(run.Id, "bob", new("rank", Value: "[ 1, 0 ,2 ]"));
        var pair = await store.AddAsync(run.Id, "bob", new("pair", Value: """{"right":0,"left":2,"choice":"TIE"}"""));
        var comment = await store.AddAsync(run.Id, "bob", new("comment", CandidateIndex: 1, Comment: "repeats itself"));

        Assert.All([best, rank, pair, comment], r => Assert.Equal(AnnotationOutcome.Ok, r.Outcome));
        var stored = await store.ListAsync(run.Id);
        Assert.Equal([best.Annotation!.Id, rank.Annotation!.Id, pair.Annotation!.Id, comment.Annotation!.Id], stored.Select(a => a.Id));
        Assert.Equal(("best", 2, "2", "clearest"), (stored[0].Kind, stored[0].CandidateIndex, stored[0].Value, stored[0].Comment));
        Assert.Equal(("rank", (int?)null, "[1,0,2]"), (stored[1].Kind, stored[1].CandidateIndex, stored[1].Value));
        Assert.Equal(new PairValue(2, 0, "tie"), PairValue.TryParse(stored[2].Value));
        Assert.Equal(("comment", 1, "", "repeats itself"), (stored[3].Kind, stored[3].CandidateIndex, stored[3].Value, stored[3].Comment));
        Assert.All(stored, a => Assert.Equal("bob", a.Annotator));
        Assert.All(stored, a => Assert.NotEqual(default, a.At));
        Assert.All(stored, a => Assert.Null(a.UpdatedAt));
    }

    [Theory]
    [InlineData("verdict", null, null, null, "kind")]
    [InlineData("best", null, null, null, "candidateIndex")]
    [InlineData("best", 3, null, null, "candidateIndex")]
    [InlineData("comment", null, null, "   ", "comment")]
    [InlineData("comment", 7, null, "about #7", "candidateIndex")]
    [InlineData("rank", null, "[0,1]", null, "value")]
    [InlineData("rank", null, "[0,1,1]", null, "value")]
    [InlineData("rank", null, "[0,1,3]", null, "value")]
    [InlineData("rank", null, "not json", null, "value")]
    [InlineData("rank", 0, "[0,1,2]", null, "candidateIndex")]
    [InlineData("pair", null, """{"left":1,"right":1,"choice":"left"}""", null, "value")]
    [InlineData("pair", null, """{"left":1,"right":5,"choice":"left"}""", null, "value")]
    [InlineData("pair", null, """{"left":0,"right":1,"choice":"both"}""", null, "value")]
    [InlineData("pair", null, """{"left":"0","right":1,"choice":"left"}""", null, "value")]
    [InlineData("pair", null, "[0,1]", null, "value")]
    public async Task Bad_values_are_refused_naming_the_field_and_nothing_is_written(string kind, int? index, string? value, string? comment, string field)
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Annotations(db);
        var run = await RunWithCandidatesAsync(db);

        var result = await store.AddAsync(run.Id, "bob", new(kind, index, value, comment));

        Assert.Equal((AnnotationOutcome.Invalid, field), (result.Outcome, result.Field));
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        Assert.Empty(await store.ListAsync(run.Id));
    }

    [Fact]
    public async Task A_too_long_comment_and_a_missing_run_are_refused()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Annotations(db);
        var run = await RunWithCandidatesAsync(db);
        var tooLong = await store.AddAsync(run.Id, "bob", new("comment", Comment: new string('x', AnnotationRules.MaxCommentLength + 1)));
        Assert.Equal((AnnotationOutcome.Invalid, "comment"), (tooLong.Outcome, tooLong.Field));
        Assert.Equal(AnnotationOutcome.NotFound, (await store.AddAsync(Guid.NewGuid(), "bob", new("best", 0))).Outcome);
    }

    [Fact]
    public async Task Only_the_author_updates_or_deletes_and_every_refusal_says_why()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Annotations(db);
        var run = await RunWithCandidatesAsync(db);
        var other = await RunWithCandidatesAsync(db);
        var id = (await store.AddAsync(run.Id, "bob", new("best", 0, Comment: "first look"))).Annotation!.Id;

        Assert.Equal(AnnotationOutcome.NotAuthor, (await store.UpdateAsync(run.Id, id, "carol", new("best", 1))).Outcome);
        Assert.Equal(AnnotationOutcome.NotAuthor, (await store.DeleteAsync(run.Id, id, "carol")).Outcome);
        Assert.Equal(AnnotationOutcome.NotFound, (await store.UpdateAsync(run.Id, id + 100, "bob", new("best", 1))).Outcome);
        Assert.Equal(AnnotationOutcome.NotFound, (await store.UpdateAsync(other.Id, id, "bob", new("best", 1))).Outcome); // another run's route
        Assert.Equal(AnnotationOutcome.NotFound, (await store.DeleteAsync(other.Id, id, "bob")).Outcome);
        var kind = await store.UpdateAsync(run.Id, id, "bob", new("rank", Value: "[0,1,2]"));
        Assert.Equal((AnnotationOutcome.Invalid, "kind"), (kind.Outcome, kind.Field));
        var bad = await store.UpdateAsync(run.Id, id, "bob", new(null, 9));
        Assert.Equal((AnnotationOutcome.Invalid, "candidateIndex"), (bad.Outcome, bad.Field));
        var unchanged = (await store.ListAsync(run.Id)).Single();
        Assert.Equal((0, "first look", (DateTimeOffset?)null), (unchanged.CandidateIndex, unchanged.Comment, unchanged.UpdatedAt));

        var updated = await store.UpdateAsync(run.Id, id, "bob", new(null, 2));
        Assert.Equal(AnnotationOutcome.Ok, updated.Outcome);
        var stored = (await store.ListAsync(run.Id)).Single();
        Assert.Equal((2, "2", (string?)null), (stored.CandidateIndex, stored.Value, stored.Comment));
        Assert.NotNull(stored.UpdatedAt);

        Assert.Equal(AnnotationOutcome.Ok, (await store.DeleteAsync(run.Id, id, "bob")).Outcome);
        Assert.Empty(await store.ListAsync(run.Id));
        Assert.Equal(AnnotationOutcome.NotFound, (await store.DeleteAsync(run.Id, id, "bob")).Outcome);
    }

    [Fact]
    public async Task The_queue_holds_succeeded_runs_with_candidates_the_user_has_not_judged()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Annotations(db);
        var t = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        var oldest = await RunWithCandidatesAsync(db, createdAt: t);
        var middle = await RunWithCandidatesAsync(db, createdAt: t.AddHours(1));
        var newest = await RunWithCandidatesAsync(db, createdAt: t.AddHours(2));
        var judged = await RunWithCandidatesAsync(db, createdAt: t.AddHours(3));
        await RunWithCandidatesAsync(db, count: 1, createdAt: t.AddHours(4)); // nothing to choose between
        await RunWithCandidatesAsync(db, count: 0, createdAt: t.AddHours(5));
        await RunWithCandidatesAsync(db, status: RunStatus.Cancelled, createdAt: t.AddHours(6));
        await store.AddAsync(judged.Id, "bob", new("pair", Value: """{"left":0,"right":1,"choice":"left"}"""));
        await store.AddAsync(middle.Id, "bob", new("comment", Comment: "a comment is no judgement"));
        await store.AddAsync(oldest.Id, "carol", new("best", 1)); // someone else's

        var (items, total) = await store.QueueAsync("bob");
        Assert.Equal(3, total);
        Assert.Equal([oldest.Id, middle.Id, newest.Id], items.Select(i => i.Run.Id));
        Assert.All(items, i => Assert.Equal(3, i.Candidates));

        var (page2, total2) = await store.QueueAsync("bob", newestFirst: true, page: 2, pageSize: 2);
        Assert.Equal(3, total2);
        Assert.Equal([oldest.Id], page2.Select(i => i.Run.Id));
        Assert.Equal(3, (await store.QueueAsync("carol")).Total); // carol judged oldest, not judged (bob did)
        Assert.DoesNotContain(oldest.Id, (await store.QueueAsync("carol")).Items.Select(i => i.Run.Id));
    }

    [Fact]
    public async Task The_export_query_filters_by_annotator_time_and_model_and_joins_runs_and_candidates()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Annotations(db);
        var clock = new ManualTime(new DateTimeOffset(2026, 11, 10, 12, 0, 0, TimeSpan.Zero));
        var timed = new AnnotationStore(db.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<RearPlayground.Data.RearDbContext>>(), clock);
        var stories = await RunWithCandidatesAsync(db, createdAt: clock.Now.AddDays(-1));
        var other = await RunWithCandidatesAsync(db, model: "tiny-chat", createdAt: clock.Now.AddDays(-2));
        await db.Store.AppendAsync(stories.Id, new EventWrite("runStarted", """{"model":{"chatTemplate":"None"}}"""));
        await timed.AddAsync(stories.Id, "bob", new("best", 1));
        clock.Now = clock.Now.AddDays(1);
        await timed.AddAsync(stories.Id, "carol", new("rank", Value: "[2,1,0]"));
        await timed.AddAsync(other.Id, "bob", new("best", 0));
        await db.Store.AppendAsync(stories.Id, new EventWrite("progress", "{}"));

        var all = await store.ExportAsync(new());
        Assert.Equal([other.Id, stories.Id], all.Select(r => r.Run.Id)); // oldest run first
        Assert.Equal(3, all[1].Candidates.Count);
        Assert.Equal(["bob", "carol"], all[1].Annotations.Select(a => a.Annotator));
        Assert.Equal("""{"model":{"chatTemplate":"None"}}""", all[1].RunStartedJson);
        Assert.Null(all[0].RunStartedJson);
        Assert.Empty(all[1].Nodes);

        var bob = await store.ExportAsync(new(Annotator: "bob"));
        Assert.Equal(2, bob.Count);
        Assert.All(bob, r => Assert.All(r.Annotations, a => Assert.Equal("bob", a.Annotator)));
        var stories260K = await store.ExportAsync(new(Model: "stories260K"));
        Assert.Equal([stories.Id], stories260K.Select(r => r.Run.Id));
        var firstDay = await store.ExportAsync(new(To: new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(["bob"], firstDay.SelectMany(r => r.Annotations).Select(a => a.Annotator));
        var secondDay = await store.ExportAsync(new(From: new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(2, secondDay.SelectMany(r => r.Annotations).Count());
        Assert.Empty(await store.ExportAsync(new(Annotator: "nobody")));
    }

    [Fact]
    public async Task The_export_carries_the_tree_when_asked()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Annotations(db);
        var run = await RunWithCandidatesAsync(db);
        await db.Store.AppendAsync(run.Id, new EventWrite("nodeExpanded", "{}") { Nodes = [DataSamples.Node(0), DataSamples.Node(1, 0)] });
        await store.AddAsync(run.Id, "bob", new("best", 0));
        Assert.Equal([0, 1], (await store.ExportAsync(new(), includeTree: true)).Single().Nodes.Select(n => n.NodeId));
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
