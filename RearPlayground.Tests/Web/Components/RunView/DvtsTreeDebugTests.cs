using Bunit;
using RearPlayground.Web.Components.Shared.RunView;

namespace RearPlayground.Tests.Web.Components.RunView;

/// <summary>
/// The tree debugger in the component: the filter control brings pruned (or kept, winning, matching) nodes forward, a
/// node's toggle collapses what hangs below it, zoom scales the drawing, and a node's panel says why it was pruned.
/// </summary>
public sealed class DvtsTreeDebugTests : MudTestContext
{
    private IRenderedComponent<DvtsTree> Tree()
    {
        var state = new RunViewState();
        state.ApplyAll(RunEvents.SmallDvts().Messages);
        return Render<DvtsTree>(p => p.Add(c => c.State, state));
    }

    private static string[] Ids(IRenderedComponent<DvtsTree> cut) =>
        [.. cut.FindAll("[data-testid=tree-node]").Select(n => n.GetAttribute("data-node-id")!)];

    [Fact]
    public void The_filter_draws_only_pruned_nodes_then_kept_then_the_winning_path_then_text()
    {
        var cut = Tree();
        Assert.NotNull(cut.Find("[data-testid=tree-filter]"));
        Assert.Equal(8, Ids(cut).Length);
        Assert.Empty(cut.FindAll("[data-testid=tree-node-faint]"));

        cut.Find("[data-testid=tree-filter-pruned]").Click();
        Assert.Equal(["1", "2", "4", "7"], Ids(cut));
        Assert.All(cut.FindAll("[data-testid=tree-node] circle"), c => Assert.Contains("pruned", c.GetAttribute("class")));
        Assert.Equal(["0", "3", "5", "6"], cut.FindAll("[data-testid=tree-node-faint]").Select(n => n.GetAttribute("data-node-id")));
        Assert.Contains("4 of 8 nodes match", cut.Find("[data-testid=tree-filter-count]").TextContent);

        cut.Find("[data-testid=tree-filter-all]").Click();
        Assert.Equal(8, Ids(cut).Length);
        cut.Find("[data-testid=tree-filter-kept]").Click();
        Assert.Equal(["0", "3", "5", "6"], Ids(cut));
        cut.Find("[data-testid=tree-filter-winning]").Click();
        Assert.Equal(["0", "5"], Ids(cut));

        cut.Find("[data-testid=tree-filter-search]").Click();
        Assert.Equal(8, Ids(cut).Length); // no text yet: everything
        cut.Find("input[data-testid=tree-search]").Input("AT");
        cut.WaitForAssertion(() => Assert.Equal(["5", "6"], Ids(cut)));

        cut.Find("[data-testid=tree-filter-all]").Click();
        cut.WaitForAssertion(() => Assert.Equal(8, Ids(cut).Length));
        Assert.Equal("All", cut.Find("[data-testid=tree] svg").GetAttribute("data-filter"));
        // Typing in the field picks the text filter by itself.
        cut.Find("input[data-testid=tree-search]").Input("hid");
        cut.WaitForAssertion(() => Assert.Equal(["7"], Ids(cut)));
        Assert.Equal("Search", cut.Find("[data-testid=tree] svg").GetAttribute("data-filter"));
    }

    [Fact]
    public void A_nodes_toggle_collapses_the_steps_below_and_expand_all_brings_them_back()
    {
        var cut = Tree();
        var toggle = cut.Find("[data-testid=tree-toggle][data-node-id='0']");
        Assert.Equal("false", toggle.GetAttribute("data-collapsed"));
        toggle.Click();
        Assert.Equal(["0", "1", "2", "3", "6", "7"], Ids(cut));
        Assert.Equal("true", cut.Find("[data-testid=tree-toggle][data-node-id='0']").GetAttribute("data-collapsed"));
        Assert.Contains("2 hidden", cut.Find("[data-testid=tree-expand-all]").TextContent);

        // A subtree's label hides the whole subtree.
        cut.Find("[data-testid=tree-head][data-subtree='1']").Click();
        Assert.Equal(["0", "1"], Ids(cut));

        cut.Find("[data-testid=tree-expand-all]").Click();
        Assert.Equal(8, Ids(cut).Length);
        Assert.Empty(cut.FindAll("[data-testid=tree-expand-all]"));

        // The node panel collapses too.
        cut.Find("[data-testid=tree-node][data-node-id='3']").Click();
        cut.Find("[data-testid=node-collapse]").Click();
        Assert.Equal(["0", "1", "2", "3", "4", "5"], Ids(cut));
    }

    [Fact]
    public void Zoom_buttons_scale_the_drawing_and_hide_labels_when_too_small()
    {
        var cut = Tree();
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=tree] svg").GetAttribute("data-scale")));
        cut.Find("[data-testid=tree-zoom-in]").Click();
        cut.WaitForAssertion(() => Assert.Equal("1.25", cut.Find("[data-testid=tree] svg").GetAttribute("data-scale")));
        for (var i = 0; i < 5; i++) cut.Find("[data-testid=tree-zoom-out]").Click();
        cut.WaitForAssertion(() => Assert.Equal("0.41", cut.Find("[data-testid=tree] svg").GetAttribute("data-scale")));
        Assert.Contains("rear-no-labels", cut.Find("[data-testid=tree] svg").GetAttribute("class"));
    }

    [Fact]
    public void A_pruned_nodes_panel_shows_its_rank_the_score_to_beat_and_its_score_composed()
    {
        var cut = Tree();
        cut.Find("[data-testid=tree-node][data-node-id='4']").Click();
        // Node 4 (0.7) lost to its sibling 5 (1.5) under node 0.
        Assert.Equal("pruned · rank 2 of 2: 0.800 below node 5's 1.500, the score to beat (only the best child is kept)",
            cut.Find("[data-testid=node-verdict]").TextContent);
        Assert.Equal("2 of 2", cut.Find("[data-testid=breakdown-rank]").TextContent);
        Assert.Equal("1.500", cut.Find("[data-testid=breakdown-threshold]").TextContent);
        // Path 0 → 4: ℓ0 = [−1, −2, −1, −2], ℓp = [−0.5, −1, −0.5, −1]; λ = 20 (default): (1 − 20)·(−6) = 114, 20·(−3) = −60.
        Assert.Equal("114.000", cut.Find("[data-testid=breakdown-without]").TextContent);
        Assert.Equal("-60.000", cut.Find("[data-testid=breakdown-with]").TextContent);
        Assert.Equal("28.500 + -15.000 = 13.500", cut.Find("[data-testid=breakdown-score]").TextContent);
        // The crafted events' stored score (0.7) is not what the log-probs give: the panel says so rather than hide it.
        Assert.Contains("differs by 12.800", cut.Find("[data-testid=breakdown-check]").TextContent);
        Assert.Contains("2 · 2 (4 in all)", cut.Find("[data-testid=node-step-tokens]").TextContent);
    }
}
