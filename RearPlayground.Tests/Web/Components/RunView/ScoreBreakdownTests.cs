using RearPlayground.Tests.Support;
using RearPlayground.Web.Components.Shared.RunView;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Tests.Web.Components.RunView;

/// <summary>
/// A DVTS node's score explained: (1 − λ)·Σℓ0 and λ·Σℓp over its whole path, the γ discount and the aggregation add up
/// to the score the search stored, on real DVTS runs of stories260K at each aggregation; and why each node was kept or
/// pruned agrees with what the search did.
/// </summary>
public sealed class ScoreBreakdownTests
{
    private static readonly SearchRequest Dvts = new("Once upon a time", "Tom was a cat who loved to eat fish.",
        N: 8, MaxTokens: 40, Seed: 3, Method: "dvts", M: 4, StepTokens: 6);

    private static RunViewState Run(SearchRequest request)
    {
        var events = new RunEvents();
        SearchRunner.Run(SharedModels.StoriesCpu, request, e => events.Add(e));
        var state = new RunViewState();
        state.ApplyAll(events.Messages);
        Assert.Equal("succeeded", state.Status);
        return state;
    }

    public static TheoryData<string, double, double, bool, string> Options => new()
    {
        { "mean", 20, 1, true, "rear" },
        { "sum", 20, 0.9, true, "rear" },
        { "min", 3, 0.95, true, "rear" },
        { "last", -2, 1, false, "rear" },
        { "mean", 20, 1, true, "likelihood" },
    };

    [Theory]
    [MemberData(nameof(Options))]
    public void The_parts_add_up_to_every_stored_node_score_of_a_real_run(string aggregation, double lambda, double gamma, bool scoreEos, string scorer)
    {
        var request = Dvts with { Rear = new RearOptions(lambda, gamma, AggregationParser.Parse(aggregation), scoreEos), Scorer = scorer };
        var state = Run(request);
        Assert.True(state.Nodes.Max(n => n.Depth) >= 3, "the paths span several steps");
        foreach (var node in state.Nodes)
        {
            var path = state.Path(node.Id);
            var b = ScoreBreakdown.Of(path, state.Request!);
            Assert.Equal(path.Sum(n => n.TokenIds.Length) - (b.EosDropped ? 1 : 0), b.Tokens);
            Assert.True(double.IsFinite(node.Score), $"node {node.Id}");
            Assert.True(Math.Abs(b.PartWithout + b.PartWith - node.Score) <= 1e-9, $"node {node.Id}: {b.PartWithout} + {b.PartWith} vs {node.Score}");
            Assert.True(b.MatchesStored, $"node {node.Id}");
            // The undiscounted terms are the plain sums of the path's log-probs, weighted.
            var l0 = path.SelectMany(n => n.LogProbsWithout).Take(b.Tokens).Sum(v => (double)v);
            var lp = path.SelectMany(n => n.LogProbsWith).Take(b.Tokens).Sum(v => (double)v);
            Assert.Equal((1 - b.Lambda) * l0, b.TermWithout, 9);
            Assert.Equal(b.Lambda * lp, b.TermWith, 9);
            if (gamma == 1) Assert.Equal(0, b.DiscountEffect, 9);
        }
        if (scorer == "likelihood") Assert.Equal(1, ScoreBreakdown.Of(state.Path(0), state.Request!).Lambda);
    }

    [Fact]
    public void Every_node_of_a_real_run_is_explained_as_the_search_decided()
    {
        var state = Run(Dvts);
        foreach (var node in state.Nodes)
        {
            var v = NodeVerdict.Of(node, state.Nodes);
            Assert.Equal(Dvts.M, v.Siblings);
            var kept = state.Node(v.KeptId!.Value)!;
            Assert.True(kept.Kept);
            Assert.Equal(kept.Score, v.Threshold);
            if (node.Kept == true)
            {
                Assert.Equal(1, v.Rank);
                Assert.StartsWith("kept", v.Reason);
                Assert.True(v.Margin >= 0);
            }
            else
            {
                Assert.InRange(v.Rank, 2, Dvts.M);
                Assert.StartsWith("pruned", v.Reason);
                Assert.True(node.Score <= v.Threshold);
            }
        }
    }

    [Fact]
    public void A_crafted_path_is_composed_as_computed_by_hand()
    {
        // ℓ0 = [−1, −2], ℓp = [−0.5, −1] over two steps; λ = 3, γ = 0.5, mean.
        ViewNode first = new(0, null, 0, 1, "a", [1], [-1f], [-0.5f], 0, "length"), second = new(1, 0, 0, 2, "b", [2], [-2f], [-1f], 0.5, "length");
        var request = new SearchRequest("q", "p", Method: "dvts", Rear: new RearOptions(3, 0.5, Aggregation.Mean));
        var b = ScoreBreakdown.Of([first, second], request);
        Assert.Equal(6, b.TermWithout, 12);        // (1 − 3) · (−3)
        Assert.Equal(-4.5, b.TermWith, 12);        // 3 · (−1.5)
        Assert.Equal(4, b.DiscountedWithout, 12);  // −2 · (−1 + 0.5 · −2)
        Assert.Equal(-3, b.DiscountedWith, 12);    // 3 · (−0.5 + 0.5 · −1)
        Assert.Equal(-0.5, b.DiscountEffect, 12);
        Assert.Equal(2, b.PartWithout, 12);
        Assert.Equal(-1.5, b.PartWith, 12);
        Assert.Equal(0.5, b.Score, 12);
        Assert.True(b.MatchesStored);

        // min: both tokens' terms are 0.5 (2 − 1.5, and 0.5 · (4 − 3)): a tie, so the first.
        var min = ScoreBreakdown.Of([first, second], request with { Rear = new RearOptions(3, 0.5, Aggregation.Min) });
        Assert.Equal(0, min.AtToken);
        Assert.Equal(min.Score, min.PartWithout + min.PartWith, 12);
        // An ending EOS left unscored drops the last token.
        var eos = second with { FinishReason = "eos" };
        var noEos = ScoreBreakdown.Of([first, eos], request with { Rear = new RearOptions(3, 0.5, Aggregation.Last, ScoreEos: false) });
        Assert.True(noEos.EosDropped);
        Assert.Equal(1, noEos.Tokens);
        Assert.Equal(0, noEos.AtToken);
        Assert.Equal(0.5, noEos.Score, 12);
    }
}
