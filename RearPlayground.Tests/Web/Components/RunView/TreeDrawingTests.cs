using RearPlayground.Web.Components.Shared.RunView;

namespace RearPlayground.Tests.Web.Components.RunView;

/// <summary>What the tree draws under a filter and collapsed nodes or subtrees: matching nodes in full, the rest as dots, nothing under a collapsed node.</summary>
public sealed class TreeDrawingTests
{
    private static readonly HashSet<int> None = [];

    private static TreeLayout Small()
    {
        var state = new RunViewState();
        state.ApplyAll(RunEvents.SmallDvts().Messages);
        return TreeLayout.Of(state.Nodes);
    }

    private static int[] Drawn(TreeDrawing d) => [.. d.Nodes.Where(n => n.Matches).Select(n => n.Place.Node.Id)];

    private static int Dots(TreeDrawing d) => d.Nodes.Count(n => !n.Matches);

    [Fact]
    public void Each_filter_draws_its_nodes_and_leaves_the_rest_as_dots()
    {
        var layout = Small();
        // SmallDvts: kept 0, 3, 5, 6; pruned 1, 2, 4, 7; winning path 0 → 5; texts Tom Sue A B " ran" " ate" " sat" " hid".
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], Drawn(TreeDrawing.Of(layout, new(), None, None)));
        Assert.Equal([0, 3, 5, 6], Drawn(TreeDrawing.Of(layout, new(TreeFilterMode.Kept), None, None)));
        Assert.Equal([1, 2, 4, 7], Drawn(TreeDrawing.Of(layout, new(TreeFilterMode.Pruned), None, None)));
        Assert.Equal([0, 5], Drawn(TreeDrawing.Of(layout, new(TreeFilterMode.Winning), None, None)));
        // Text: any case, the query trimmed.
        Assert.Equal([2, 4, 5, 6], Drawn(TreeDrawing.Of(layout, new(TreeFilterMode.Search, "  a "), None, None)));
        Assert.Equal([2, 4, 5, 6], Drawn(TreeDrawing.Of(layout, new(TreeFilterMode.Search, "A"), None, None)));
        Assert.Equal(8, TreeDrawing.Of(layout, new(TreeFilterMode.Search, " "), None, None).Nodes.Count);

        var pruned = TreeDrawing.Of(layout, new(TreeFilterMode.Pruned), None, None);
        Assert.Equal(4, pruned.Matching);
        Assert.Equal(4, Dots(pruned));
        // Edges to left-out nodes are faint; edges to drawn ones keep their kind.
        Assert.Equal(4, pruned.Edges[TreeDrawing.FaintEdges].Count(c => c == 'M'));
        Assert.Equal(4, pruned.Edges[TreeDrawing.PrunedEdges].Count(c => c == 'M'));
        Assert.Equal("", pruned.Edges[TreeDrawing.BestEdges]);
    }

    [Fact]
    public void A_collapsed_node_hides_everything_below_it_and_a_collapsed_subtree_all_of_it()
    {
        var layout = Small();
        var all = TreeDrawing.Of(layout, new(), None, None);
        // Nodes 0 and 3 have two children each: a toggle each, counting what hangs below.
        Assert.Equal([(0, 2), (3, 2)], all.Toggles.Select(t => (t.NodeId, t.Hidden)));

        var collapsed = TreeDrawing.Of(layout, new(), new HashSet<int> { 0 }, None);
        Assert.Equal([0, 1, 2, 3, 6, 7], Drawn(collapsed));
        Assert.Equal(2, collapsed.Collapsed);
        Assert.True(collapsed.Toggles.Single(t => t.NodeId == 0).Collapsed);
        Assert.Equal(6, collapsed.Edges.Values.Sum(d => d.Count(c => c == 'M')));

        var subtree = TreeDrawing.Of(layout, new(), None, new HashSet<int> { 1 });
        Assert.Equal([0, 1, 4, 5], Drawn(subtree));
        Assert.Equal(4, subtree.Collapsed);
        Assert.Equal([0], subtree.Toggles.Select(t => t.NodeId));

        // A filter and a collapse together: hidden nodes are neither drawn nor dots.
        var both = TreeDrawing.Of(layout, new(TreeFilterMode.Pruned), new HashSet<int> { 0 }, None);
        Assert.Equal([1, 2, 7], Drawn(both));
        Assert.Equal(3, Dots(both));
    }

    [Fact]
    public void A_deep_collapse_hides_all_the_steps_below()
    {
        // One subtree, M = 2, 30 steps: collapsing the first kept node hides 58 nodes.
        var nodes = new List<ViewNode>();
        int? kept = null;
        for (var depth = 1; depth <= 30; depth++)
        {
            var first = nodes.Count;
            nodes.Add(new(first, kept, 0, depth, "x", [1], [-1f], [-1f], -1, "length") { Kept = true });
            nodes.Add(new(first + 1, kept, 0, depth, "y", [1], [-1f], [-1f], -2, "length") { Kept = false });
            kept = first;
        }
        var d = TreeDrawing.Of(TreeLayout.Of(nodes), new(), new HashSet<int> { 0 }, None);
        Assert.Equal([0, 1], Drawn(d));
        Assert.Equal(58, d.Collapsed);
        Assert.Equal(58, d.Toggles.Single().Hidden);
    }
}
