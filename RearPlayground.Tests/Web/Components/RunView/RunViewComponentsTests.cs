using Bunit;
using RearPlayground.Web.Components.Shared.RunView;

namespace RearPlayground.Tests.Web.Components.RunView;

/// <summary>The run view's pieces drawn from a state: cards in rank order, the tree's nodes and their panel, the status.</summary>
public sealed class RunViewComponentsTests : MudTestContext
{
    private static RunViewState StateOf(RunEvents events, int? take = null)
    {
        var state = new RunViewState();
        state.ApplyAll(take is { } n ? events.Messages.Take(n) : events.Messages);
        return state;
    }

    private static string[] Cards(IRenderedComponent<CandidateCards> cut) =>
        [.. cut.FindAll("[data-testid=candidate]").Select(c => c.QuerySelector("[data-testid=candidate-text]")!.TextContent)];

    [Fact]
    public void Cards_fill_in_index_order_while_sampling_then_rank_by_score()
    {
        var events = RunEvents.BestOfThree();
        var sampling = Render<CandidateCards>(p => p.Add(c => c.State, StateOf(events, 5)));
        Assert.Equal(["Tom ran", "A cat", "Big fish"], Cards(sampling));
        Assert.All(sampling.FindAll("[data-testid=candidate-score]"), s => Assert.Equal("…", s.TextContent));

        var done = Render<CandidateCards>(p => p.Add(c => c.State, StateOf(events)));
        Assert.Equal(["A cat ate.", "Big fish.", "Tom ran."], Cards(done));
        Assert.Equal(["0.900", "0.500", "0.100"], done.FindAll("[data-testid=candidate-score]").Select(s => s.TextContent));
        Assert.Contains("picked", done.FindAll("[data-testid=candidate]")[0].TextContent);
        Assert.DoesNotContain("picked", done.FindAll("[data-testid=candidate]")[1].TextContent);
    }

    [Fact]
    public void Candidate_text_is_text_never_markup()
    {
        var events = new RunEvents().Started("bon").Text((0, 0, "<img src=x onerror=alert(1)><script>alert(2)</script>"));
        var cut = Render<CandidateCards>(p => p.Add(c => c.State, StateOf(events)));
        Assert.Empty(cut.FindAll("img"));
        Assert.Empty(cut.FindAll("script"));
        Assert.Contains("<script>", cut.Find("[data-testid=candidate-text]").TextContent);
    }

    [Fact]
    public void The_tree_draws_every_node_and_a_click_shows_its_text_and_log_probs()
    {
        var cut = Render<DvtsTree>(p => p.Add(c => c.State, StateOf(RunEvents.SmallDvts())));
        var nodes = cut.FindAll("[data-testid=tree-node]");
        Assert.Equal(8, nodes.Count);
        Assert.Contains("kept", nodes[0].QuerySelector("circle")!.GetAttribute("class"));
        Assert.Contains("best", nodes[0].QuerySelector("circle")!.GetAttribute("class"));
        Assert.Contains("pruned", nodes[1].QuerySelector("circle")!.GetAttribute("class"));
        Assert.Empty(cut.FindAll("[data-testid=node-details]"));

        cut.FindAll("[data-testid=tree-node]")[5].Click();
        var details = cut.Find("[data-testid=node-details]");
        Assert.Equal(" ate", cut.Find("[data-testid=node-text]").TextContent);
        // ℓ0 = [−1, −2], ℓp = [−0.5, −1]: means −1.5 and −0.75.
        Assert.Contains("mean ℓ0 -1.500", details.TextContent);
        Assert.Contains("mean ℓp -0.750", details.TextContent);
        Assert.Contains("winning path", details.TextContent);
    }

    [Fact]
    public void A_tree_larger_than_its_box_is_scaled_says_how_much_is_out_of_view_and_draws_edges_under_nodes()
    {
        // 16 subtrees of 4 children, 3 steps; subtree 11 wins.
        var events = new RunEvents().Started("dvts");
        var id = 0;
        var kept = new int?[16];
        for (var depth = 1; depth <= 3; depth++)
            for (var s = 0; s < 16; s++)
            {
                var first = id;
                for (var c = 0; c < 4; c++) events.Node(id++, kept[s], s, depth, $"s{s}d{depth}c{c} ", -c);
                events.Select(s, first + 1, first, first + 2, first + 3);
                kept[s] = first + 1;
            }
        for (var s = 0; s < 16; s++) events.Finish(s, kept[s]!.Value, "done", -s);
        events.End(kept[11]!.Value);
        var cut = Render<DvtsTree>(p => p.Add(c => c.State, StateOf(events)));

        // No browser to measure: the default box. The tree is drawn at the smallest readable scale and the box scrolls.
        cut.WaitForAssertion(() => Assert.Contains("shows", cut.Find("[data-testid=tree-hidden]").TextContent));
        Assert.Matches(@"The box shows \d+ of 16 subtrees and 3 of 3 steps at a time", cut.Find("[data-testid=tree-hidden]").TextContent);
        Assert.Equal("0.7", cut.Find("[data-testid=tree] svg").GetAttribute("data-scale"));
        Assert.Contains("16 subtrees · 3 steps · 192 nodes", cut.Find("[data-testid=tree-size]").TextContent);
        // Every edge is drawn before every node, so nodes sit on top of lines.
        var svg = cut.Find("[data-testid=tree] svg");
        var order = svg.Children.Select(e => e.LocalName).ToArray();
        Assert.True(Array.LastIndexOf(order, "path") < Array.IndexOf(order, "g"));

        // 100 %: no longer scaled; Fit scales it back.
        cut.Find("[data-testid=tree-actual]").Click();
        Assert.Equal("1", cut.Find("[data-testid=tree] svg").GetAttribute("data-scale"));
        cut.Find("[data-testid=tree-fit]").Click();
        cut.WaitForAssertion(() => Assert.Equal("0.7", cut.Find("[data-testid=tree] svg").GetAttribute("data-scale")));
    }

    [Fact]
    public void A_small_tree_is_shown_whole_without_a_hint()
    {
        var cut = Render<DvtsTree>(p => p.Add(c => c.State, StateOf(RunEvents.SmallDvts())));
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=tree] svg").GetAttribute("data-scale")));
        Assert.Empty(cut.FindAll("[data-testid=tree-hidden]"));
    }

    [Fact]
    public void The_status_is_its_exact_name_and_the_progress_bar_follows_the_steps()
    {
        var running = Render<RunProgress>(p => p.Add(c => c.State, StateOf(RunEvents.SmallDvts(), 7 + 4 + 4)));
        Assert.Equal("running", running.Find("[data-testid=run-status]").TextContent);
        Assert.Contains("step 1 / 2", running.Find("[data-testid=progress-text]").TextContent);

        var finished = Render<RunProgress>(p => p.Add(c => c.State, StateOf(RunEvents.SmallDvts())));
        Assert.Equal("succeeded", finished.Find("[data-testid=run-status]").TextContent);
        Assert.Contains("finished · 1 tokens", finished.Find("[data-testid=progress-text]").TextContent);

        var queued = Render<RunProgress>(p => p.Add(c => c.State, new RunViewState()));
        Assert.Equal("queued", queued.Find("[data-testid=run-status]").TextContent);
        Assert.NotNull(queued.Find("[data-testid=progress]"));
    }
}
