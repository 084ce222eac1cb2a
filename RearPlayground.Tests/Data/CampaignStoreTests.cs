using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Campaigns;
using RearPlayground.Data.Entities;
using RearPlayground.Tests.Web.Components;

namespace RearPlayground.Tests.Data;

/// <summary>The campaign store on a real SQLite file: assignment under concurrency, leases, preference, judgment rules.</summary>
public sealed class CampaignStoreTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    private static ICampaignStore Campaigns(TempDatabase db) => db.Services.GetRequiredService<ICampaignStore>();

    /// <summary>A best-task campaign over <paramref name="items"/> items (all on one run: the store does not care).</summary>
    private static async Task<long> CampaignAsync(TempDatabase db, int items, int k, string[] annotators)
    {
        var run = await db.CreateRunAsync();
        return await Campaigns(db).CreateAsync(
            new CampaignEntity { Name = "c", Guidelines = "", Task = CampaignTasks.Best, ReviewsPerItem = k, Status = CampaignTasks.Open, CreatedBy = "lead" },
            annotators, [.. Enumerable.Range(0, items).Select(_ => new CampaignItemEntity { RunId = run.Id })]);
    }

    private static JudgmentWrite Judgment(long campaign, long item, string who, bool skipped = false) =>
        new(campaign, item, who, "[1,0]", skipped ? null : """{"best":0}""", null, skipped, skipped ? "unclear" : null, 3.5);

    [Fact]
    public async Task Parallel_annotators_never_push_an_item_past_K_and_nothing_is_lost()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Campaigns(db);
        string[] annotators = [.. Enumerable.Range(0, 20).Select(i => $"a{i}")];
        const int items = 30, k = 2;
        var id = await CampaignAsync(db, items, k, annotators);
        var now = DateTimeOffset.UtcNow;
        var stored = new ConcurrentBag<(long Item, string Who)>();

        await Task.WhenAll(annotators.Select(who => Task.Run(async () =>
        {
            while (await store.NextAsync(id, who, now, Lease) is { } item)
            {
                Assert.Equal(JudgeOutcome.Ok, await store.JudgeAsync(Judgment(id, item.Id, who), replace: false, now));
                stored.Add((item.Id, who));
            }
        })));

        var judgments = await store.JudgmentsAsync(id);
        Assert.Equal(items * k, judgments.Count);
        Assert.Equal(stored.OrderBy(s => s.Item).ThenBy(s => s.Who), judgments.Select(j => (j.ItemId, j.Annotator)).OrderBy(s => s.ItemId).ThenBy(s => s.Annotator));
        Assert.All(judgments.GroupBy(j => j.ItemId), g => Assert.Equal(k, g.Count()));
        Assert.Equal(items, judgments.Select(j => j.ItemId).Distinct().Count());
    }

    [Fact]
    public async Task Leases_hold_an_item_until_they_expire()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Campaigns(db);
        var clock = new ManualTimeProvider();
        var id = await CampaignAsync(db, items: 1, k: 1, ["ann", "bob"]);

        var item = await store.NextAsync(id, "ann", clock.GetUtcNow(), Lease);
        Assert.NotNull(item);
        // Ann's lease takes the only review: Bob gets nothing; Ann asking again gets the same item back.
        Assert.Null(await store.NextAsync(id, "bob", clock.GetUtcNow(), Lease));
        Assert.Equal(item.Id, (await store.NextAsync(id, "ann", clock.GetUtcNow(), Lease))!.Id);

        clock.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(item.Id, (await store.NextAsync(id, "bob", clock.GetUtcNow(), Lease))!.Id);
        Assert.Equal(JudgeOutcome.Ok, await store.JudgeAsync(Judgment(id, item.Id, "bob"), replace: false, clock.GetUtcNow()));
        // Ann's lease ran out and Bob filled the item: her late judgment cannot make it two.
        Assert.Equal(JudgeOutcome.Full, await store.JudgeAsync(Judgment(id, item.Id, "ann"), replace: false, clock.GetUtcNow()));
        Assert.Null(await store.NextAsync(id, "ann", clock.GetUtcNow(), Lease));
    }

    [Fact]
    public async Task Nearly_done_items_come_first()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Campaigns(db);
        var now = DateTimeOffset.UtcNow;
        var id = await CampaignAsync(db, items: 5, k: 3, ["a", "b", "c", "d"]);

        var first = (await store.NextAsync(id, "a", now, Lease))!;
        Assert.Equal(JudgeOutcome.Ok, await store.JudgeAsync(Judgment(id, first.Id, "a"), false, now));
        // b finishes nothing yet but gets the started item, not a fresh one; so does c.
        var second = (await store.NextAsync(id, "b", now, Lease))!;
        Assert.Equal(first.Id, second.Id);
        var third = (await store.NextAsync(id, "c", now, Lease))!;
        Assert.Equal(first.Id, third.Id);
        // Now that item is taken to K (one judgment, two leases): d starts the next.
        Assert.NotEqual(first.Id, (await store.NextAsync(id, "d", now, Lease))!.Id);
    }

    [Fact]
    public async Task Judgments_once_then_replaced_skips_free_the_review_and_closing_stops_everything()
    {
        await using var db = await TempDatabase.CreateAsync();
        var store = Campaigns(db);
        var now = DateTimeOffset.UtcNow;
        var id = await CampaignAsync(db, items: 1, k: 1, ["ann", "bob"]);
        var item = (await store.NextAsync(id, "ann", now, Lease))!;

        Assert.Equal(JudgeOutcome.NotJudged, await store.JudgeAsync(Judgment(id, item.Id, "ann"), replace: true, now));
        Assert.Equal(JudgeOutcome.Ok, await store.JudgeAsync(Judgment(id, item.Id, "ann", skipped: true), replace: false, now));
        Assert.Equal(JudgeOutcome.AlreadyJudged, await store.JudgeAsync(Judgment(id, item.Id, "ann"), replace: false, now));
        // A skip does not count towards K: Bob still gets the item, and Ann is never offered it again.
        Assert.Equal(item.Id, (await store.NextAsync(id, "bob", now, Lease))!.Id);
        Assert.Null(await store.NextAsync(id, "ann", now, Lease));
        Assert.Equal(JudgeOutcome.Ok, await store.JudgeAsync(Judgment(id, item.Id, "bob"), replace: false, now));
        // Ann's change of mind from skip to a judgment would make two: refused.
        Assert.Equal(JudgeOutcome.Full, await store.JudgeAsync(Judgment(id, item.Id, "ann"), replace: true, now));
        Assert.Equal(JudgeOutcome.Ok, await store.JudgeAsync(Judgment(id, item.Id, "bob") with { Comment = "changed" }, replace: true, now.AddMinutes(1)));
        var bob = (await store.ItemJudgmentsAsync(item.Id)).Single(j => j.Annotator == "bob");
        Assert.Equal("changed", bob.Comment);
        Assert.Equal(now.AddMinutes(1), bob.UpdatedAt);

        var (items, judgments, progress) = await store.CountsAsync(id);
        Assert.Equal((1, 1), (items, judgments));
        Assert.Equal([new("ann", 1, 1), new("bob", 1, 1)], progress);

        Assert.True(await store.SetStatusAsync(id, CampaignTasks.Closed));
        Assert.Equal(JudgeOutcome.Closed, await store.JudgeAsync(Judgment(id, item.Id, "bob"), replace: true, now));
        Assert.Equal(JudgeOutcome.NotFound, await store.JudgeAsync(Judgment(id, item.Id + 99, "bob"), replace: false, now));
    }

    [Fact]
    public async Task One_judgment_per_item_and_annotator_is_enforced_by_the_database()
    {
        await using var db = await TempDatabase.CreateAsync();
        var id = await CampaignAsync(db, items: 1, k: 2, ["ann"]);
        await using var context = db.NewContext();
        var item = await context.CampaignItems.SingleAsync(i => i.CampaignId == id);
        CampaignJudgmentEntity Row() => new() { CampaignId = id, ItemId = item.Id, Annotator = "ann", OrderJson = "[]" };
        context.CampaignJudgments.AddRange(Row(), Row());
        await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync());
    }
}
