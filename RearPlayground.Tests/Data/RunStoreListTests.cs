using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;

namespace RearPlayground.Tests.Data;

/// <summary>ListAsync: exact filters, Unicode case-insensitive text search, newest first, clamped paging.</summary>
public sealed class RunStoreListTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Lists_newest_first_across_offsets_with_paging_and_total()
    {
        await using var db = await TempDatabase.CreateAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            // Alternate offsets: ordering must follow the instant, not the text of the local time.
            var offset = TimeSpan.FromHours(i % 2 == 0 ? 10 : -10);
            ids.Add((await db.CreateRunAsync(createdAt: T0.AddMinutes(i).ToOffset(offset))).Id);
        }
        var newestFirst = Enumerable.Reverse(ids).ToList();

        var (page1, total) = await db.Store.ListAsync(new RunQuery(Page: 1, PageSize: 3));
        var (page3, _) = await db.Store.ListAsync(new RunQuery(Page: 3, PageSize: 3));
        Assert.Equal(7, total);
        Assert.Equal(newestFirst.Take(3), page1.Select(r => r.Id));
        Assert.Equal(newestFirst.Skip(6), page3.Select(r => r.Id));
        Assert.Empty((await db.Store.ListAsync(new RunQuery(Page: 4, PageSize: 3))).Items);
    }

    [Fact]
    public async Task Page_and_page_size_are_clamped()
    {
        await using var db = await TempDatabase.CreateAsync();
        for (var i = 0; i < 3; i++) await db.CreateRunAsync(createdAt: T0.AddMinutes(i));

        Assert.Single((await db.Store.ListAsync(new RunQuery(Page: 0, PageSize: 0))).Items); // page 1, size 1
        Assert.Equal(3, (await db.Store.ListAsync(new RunQuery(Page: -5, PageSize: 10_000))).Items.Count);
        Assert.Empty((await db.Store.ListAsync(new RunQuery(Page: int.MaxValue, PageSize: 200))).Items);
    }

    [Fact]
    public async Task Filters_are_exact_and_combine()
    {
        await using var db = await TempDatabase.CreateAsync();
        var a = await db.CreateRunAsync(owner: "alice", model: "stories260K", method: "bon", createdAt: T0);
        var b = await db.CreateRunAsync(owner: "bob", model: "stories260K", method: "dvts", status: RunStatus.Running, createdAt: T0.AddMinutes(1));
        var c = await db.CreateRunAsync(owner: "alice", model: "stories15M", method: "dvts", status: RunStatus.Running, createdAt: T0.AddMinutes(2));

        async Task<Guid[]> Ids(RunQuery q) => (await db.Store.ListAsync(q)).Items.Select(r => r.Id).ToArray();
        Assert.Equal([c.Id, a.Id], await Ids(new RunQuery(Owner: "alice")));
        Assert.Empty(await Ids(new RunQuery(Owner: "ali"))); // exact, not a prefix
        Assert.Equal([b.Id, a.Id], await Ids(new RunQuery(Model: "stories260K")));
        Assert.Equal([c.Id, b.Id], await Ids(new RunQuery(Method: "dvts")));
        Assert.Equal([c.Id, b.Id], await Ids(new RunQuery(Status: RunStatus.Running)));
        Assert.Equal([c.Id], await Ids(new RunQuery(Owner: "alice", Status: RunStatus.Running)));
        var (_, total) = await db.Store.ListAsync(new RunQuery(Method: "dvts", PageSize: 1));
        Assert.Equal(2, total); // the total counts the filter, not the page
    }

    [Fact]
    public async Task Text_searches_question_and_preference_ignoring_case()
    {
        await using var db = await TempDatabase.CreateAsync();
        var q = await db.CreateRunAsync(question: "Why do CATS purr?", preference: null, createdAt: T0);
        var p = await db.CreateRunAsync(question: "Tell a story", preference: "Answer like a Cat lover", createdAt: T0.AddMinutes(1));
        var u = await db.CreateRunAsync(question: "ÉCOLE et Ärger", preference: "short", createdAt: T0.AddMinutes(2));
        var x = await db.CreateRunAsync(question: "100% sure_thing", preference: "dogs", createdAt: T0.AddMinutes(3));

        async Task<Guid[]> Ids(string text) => (await db.Store.ListAsync(new RunQuery(Text: text))).Items.Select(r => r.Id).ToArray();
        Assert.Equal([p.Id, q.Id], await Ids("cat"));
        Assert.Equal([u.Id], await Ids("école")); // beyond ASCII, where SQLite's lower() stops
        Assert.Equal([u.Id], await Ids("ärg"));
        Assert.Equal([x.Id], await Ids("0% s")); // LIKE wildcards are plain characters here
        Assert.Empty(await Ids("_x"));
        Assert.Equal(4, (await db.Store.ListAsync(new RunQuery(Text: ""))).Total);
    }
}
