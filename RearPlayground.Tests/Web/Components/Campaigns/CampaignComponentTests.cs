using System.Text.Json.Nodes;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using RearPlayground.Data.Campaigns;
using RearPlayground.Web.Campaigns;
using RearPlayground.Web.Components.Pages.Campaigns;

namespace RearPlayground.Tests.Web.Components.Campaigns;

/// <summary>The work view's keys (best, pairs, rank moves, Enter, S, U), safe guidelines, and the dashboard's figures.</summary>
public sealed class CampaignComponentTests : MudTestContext
{
    private static ShownItem Item(int n, long id = 7) =>
        new(id, "q <b>x</b>", null, [.. Enumerable.Range(0, n).Select(i => new ShownCandidate(BlindOrder.Label(i), $"text {i} <i>y</i>"))]);

    private (IRenderedComponent<JudgeItem> Cut, List<JudgmentBody> Submitted, List<string> Skipped, List<int> Undone) Judge(string task, int n)
    {
        List<JudgmentBody> submitted = []; List<string> skipped = []; List<int> undone = [];
        var cut = Render<JudgeItem>(p => p.Add(x => x.Item, Item(n)).Add(x => x.Task, task).Add(x => x.Turn, 1).Add(x => x.CanUndo, true)
            .Add(x => x.OnSubmit, EventCallback.Factory.Create<JudgmentBody>(this, b => submitted.Add(b)))
            .Add(x => x.OnSkip, EventCallback.Factory.Create<string>(this, r => skipped.Add(r)))
            .Add(x => x.OnUndo, EventCallback.Factory.Create(this, () => undone.Add(1))));
        return (cut, submitted, skipped, undone);
    }

    private static Task Keys(IRenderedComponent<JudgeItem> cut, params string[] keys) =>
        cut.InvokeAsync(async () => { foreach (var key in keys) await cut.Instance.OnKey(key); });

    [Fact]
    public async Task Best_takes_a_letter_or_digit_and_Enter_submits_only_once_picked()
    {
        var (cut, submitted, _, _) = Judge(CampaignTasks.Best, 3);
        JSInterop.VerifyInvoke("rear.keys.listen");
        Assert.Equal(["A", "B", "C"], cut.FindAll("[data-testid=item-candidate] [data-testid=item-label]").Select(l => l.TextContent));
        Assert.Equal("text 0 <i>y</i>", cut.FindAll(".rear-text")[1].TextContent.Trim()); // text, never markup
        await Keys(cut, "Enter");
        Assert.Empty(submitted);
        await Keys(cut, "c", "2", "Enter");
        Assert.Equal("B", Assert.Single(submitted).Best);
        await Keys(cut, "C", "Enter");
        Assert.Equal("C", submitted[1].Best);
    }

    [Fact]
    public async Task Pairs_keys_1_2_3_mean_A_B_and_tie()
    {
        var (cut, submitted, _, _) = Judge(CampaignTasks.Pairs, 2);
        await Keys(cut, "1", "Enter", "2", "Enter", "3", "Enter");
        Assert.Equal(["A", "B", "tie"], submitted.Select(s => s.Winner));
    }

    [Fact]
    public async Task Rank_selects_with_a_key_moves_with_arrows_and_drops_reorder()
    {
        var (cut, submitted, _, _) = Judge(CampaignTasks.Rank, 4);
        await Keys(cut, "c", "ArrowUp", "ArrowUp", "ArrowUp", "2", "ArrowUp", "Enter");
        Assert.Equal(["C", "B", "A", "D"], Assert.Single(submitted).Ranking);
        // Drag and drop ends in the same move.
        await cut.InvokeAsync(() => cut.Instance.State.MoveTo("D", 0));
        await Keys(cut, "Enter");
        Assert.Equal(["D", "C", "B", "A"], submitted[1].Ranking);
        Assert.Equal(4, cut.FindAll("[data-testid=item-candidate]").Count);
    }

    [Fact]
    public async Task Rank_drag_and_drop_in_the_drop_zone_reorders_the_list_and_the_ranking_submitted()
    {
        var (cut, submitted, _, _) = Judge(CampaignTasks.Rank, 4);
        string[] Shown() => [.. cut.FindAll(".mud-drop-zone [data-testid=item-label]").Select(l => l.TextContent)];
        Assert.Equal(["A", "B", "C", "D"], Shown());

        // D dragged up over A, as MudBlazor's drop zone sees a mouse drag: start on D, enter A (D goes just after it), drop.
        await cut.FindAll(".mud-drop-item").Single(i => i.TextContent.Contains("text 3")).DragStartAsync(new DragEventArgs());
        await cut.FindAll(".mud-drop-item").Single(i => i.TextContent.Contains("text 0")).DragEnterAsync(new DragEventArgs());
        await cut.Find(".mud-drop-zone").DropAsync(new DragEventArgs());
        Assert.Equal(["A", "D", "B", "C"], Shown());
        Assert.Equal(["1.", "2.", "3.", "4."], cut.FindAll(".mud-drop-zone .mud-typography-caption").Select(p => p.TextContent));
        await Keys(cut, "Enter");
        Assert.Equal(["A", "D", "B", "C"], Assert.Single(submitted).Ranking);

        // Keys after a drop: what is shown follows the ranking the keys make.
        await Keys(cut, "c", "ArrowUp", "ArrowUp", "ArrowUp");
        Assert.Equal(["C", "A", "D", "B"], Shown());
        await Keys(cut, "Enter");
        Assert.Equal(["C", "A", "D", "B"], submitted[1].Ranking);
    }

    [Fact]
    public async Task S_asks_for_a_reason_before_skipping_and_U_undoes()
    {
        var (cut, _, skipped, undone) = Judge(CampaignTasks.Best, 2);
        await Keys(cut, "s");
        Assert.Empty(skipped);
        cut.Find("[data-testid=judge-skip-reason]").Input("off topic");
        cut.Find("[data-testid=judge-skip]").Click();
        Assert.Equal(["off topic"], skipped);
        await Keys(cut, "u");
        Assert.Single(undone);
        await DisposeComponentsAsync();
        JSInterop.VerifyInvoke("rear.keys.stop");
    }

    [Fact]
    public void Guidelines_are_markdown_with_raw_html_escaped()
    {
        var cut = Render<GuidelinesPanel>(p => p.Add(x => x.Markdown, "**Prefer** short.\n\n<script>window.pwned = 1</script>\n\n<img src=x onerror=alert(1)>"));
        Assert.Single(cut.FindAll("strong"));
        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("img"));
        Assert.Contains("<script>window.pwned = 1</script>", cut.Find("[data-testid=guidelines]").TextContent);
    }

    [Fact]
    public void The_dashboard_shows_progress_alpha_and_kappa()
    {
        var details = JsonNode.Parse("""
            {"items": 4, "judgments": 7, "reviewsPerItem": 2, "status": "open",
             "progress": [{"annotator": "ann@x", "done": 3, "assigned": 4}, {"annotator": "bea@x", "done": 4, "assigned": 4}],
             "agreement": {"alpha": 0.6912, "low": 0.25, "high": 1.0, "pairs": [{"first": "ann@x", "second": "bea@x", "kappa": 0.5, "shared": 3}]}}
            """)!.AsObject();
        var figures = DashboardFigures.From(details, new Dictionary<string, double> { ["ann@x"] = CampaignService.Median([4, 1, 9, 2]) }, 3);
        var cut = Render<DashboardView>(p => p.Add(x => x.Figures, figures));

        Assert.Equal("α = 0.691 (95% interval 0.250 to 1.000)", cut.Find("[data-testid=campaign-alpha]").TextContent);
        Assert.Equal("3 of 4", cut.Find("[data-testid=campaign-complete]").TextContent);
        var rows = cut.FindAll("[data-testid=campaign-progress]");
        Assert.Equal(["ann@x", "3", "4", "3.0 s"], rows[0].QuerySelectorAll("td").Select(t => t.TextContent));
        Assert.Equal(["bea@x", "4", "4", "–"], rows[1].QuerySelectorAll("td").Select(t => t.TextContent));
        Assert.Equal(["ann@x · bea@x", "0.500", "3"], cut.Find("[data-testid=campaign-kappa]").QuerySelectorAll("td").Select(t => t.TextContent));
    }
}
