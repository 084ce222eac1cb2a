using RearPlayground.Web.Components.Shared.RunView;

namespace RearPlayground.Tests.Web.Components.RunView;

/// <summary>Rank among siblings and the score to beat on a crafted tree: below, tied (the earlier child wins), undecided, alone.</summary>
public sealed class NodeVerdictTests
{
    private static ViewNode N(int id, int? parent, int subtree, int depth, double score, bool? kept) =>
        new(id, parent, subtree, depth, $"n{id}", [id], [-1f], [-1f], score, "length") { Kept = kept };

    // Subtree 0, step 1: 0 (−1), 1 (−0.5, kept), 2 (−0.5, tie but later), 3 (−2). Subtree 1, step 1: 4, 5 undecided.
    // Step 2 under node 1: 6 alone, kept.
    private static readonly ViewNode[] Tree =
    [
        N(0, null, 0, 1, -1, false), N(1, null, 0, 1, -0.5, true), N(2, null, 0, 1, -0.5, false), N(3, null, 0, 1, -2, false),
        N(4, null, 1, 1, -3, null), N(5, null, 1, 1, -1, null), N(6, 1, 0, 2, -0.7, true),
    ];

    [Fact]
    public void Siblings_are_the_same_expansion_and_ranked_as_the_search_ranks()
    {
        var kept = NodeVerdict.Of(Tree[1], Tree);
        Assert.Equal((1, 4, 1, -0.5), (kept.Rank, kept.Siblings, kept.KeptId!.Value, kept.Threshold!.Value));
        Assert.Equal(0, kept.Margin); // the runner-up is node 2, tied
        Assert.Contains("above node 2", kept.Reason);

        var below = NodeVerdict.Of(Tree[0], Tree);
        Assert.Equal(3, below.Rank);
        Assert.Equal(-0.5, below.Margin);
        Assert.Equal("pruned · rank 3 of 4: 0.500 below node 1's -0.500, the score to beat (only the best child is kept)", below.Reason);

        var tied = NodeVerdict.Of(Tree[2], Tree);
        Assert.Equal(2, tied.Rank);
        Assert.Contains("tied with node 1 at -0.500; a tie goes to the earlier child", tied.Reason);
        Assert.Equal(4, NodeVerdict.Of(Tree[3], Tree).Rank);
    }

    [Fact]
    public void Undecided_and_only_children_say_so()
    {
        var open = NodeVerdict.Of(Tree[4], Tree);
        Assert.Equal((2, 2), (open.Rank, open.Siblings));
        Assert.Null(open.Threshold);
        Assert.Equal("not decided yet · rank 2 of 2 so far", open.Reason);

        var alone = NodeVerdict.Of(Tree[6], Tree);
        Assert.Equal((1, 1, -0.7), (alone.Rank, alone.Siblings, alone.Threshold!.Value));
        Assert.Equal("kept · the only child of its step", alone.Reason);
    }
}
