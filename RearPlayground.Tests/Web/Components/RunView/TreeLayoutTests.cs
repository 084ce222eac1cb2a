using RearPlayground.Web.Components.Shared.RunView;

namespace RearPlayground.Tests.Web.Components.RunView;

/// <summary>
/// Where the DVTS tree draws its nodes: subtrees side by side, a row per step, nothing overlapping, no edge through a
/// label; and what its box shows first: the whole tree when it fits, else the part with the winning path, saying how
/// much is out of view.
/// </summary>
public sealed class TreeLayoutTests
{
    private static ViewNode N(int id, int? parent, int subtree, int depth, bool? kept = null, bool best = false) =>
        new(id, parent, subtree, depth, $"step {id}", [id], [-1f], [-0.5f], id / 10.0, "length") { Kept = kept, OnBestPath = best };

    [Fact]
    public void Subtrees_sit_side_by_side_and_steps_go_down_one_row_each()
    {
        var state = new RunViewState();
        state.ApplyAll(RunEvents.SmallDvts().Messages);
        var layout = TreeLayout.Of(state.Nodes);

        var place = layout.Places.ToDictionary(p => p.Node.Id);
        Assert.Equal(8, place.Count);
        // Same step, same row; the next step lower.
        Assert.Equal(place[0].Y, place[3].Y);
        Assert.True(place[4].Y > place[0].Y);
        // Subtree 0's block is left of subtree 1's.
        Assert.True(new[] { 0, 1, 4, 5 }.Max(i => place[i].X) < new[] { 2, 3, 6, 7 }.Min(i => place[i].X));
        // Siblings by id, left to right.
        Assert.True(place[0].X < place[1].X);
        Assert.Equal([0, 1], layout.Heads.Select(h => h.Subtree));
        Assert.All(layout.Places, p => Assert.InRange(p.X, 0, layout.Width));
        Assert.All(layout.Places, p => Assert.InRange(p.Y, 0, layout.Height));
    }

    [Fact]
    public void Edges_tell_pruned_from_kept_and_follow_the_winning_path()
    {
        var state = new RunViewState();
        state.ApplyAll(RunEvents.SmallDvts().Messages);
        var layout = TreeLayout.Of(state.Nodes);
        var place = layout.Places.ToDictionary(p => p.Node.Id);

        Assert.Equal(8, layout.Edges.Count);
        // An edge ends at its node's top border and leaves its parent below the parent's score label.
        TreeEdge EdgeTo(int id) => layout.Edges.Single(e => e.X2 == place[id].X && e.Y2 == place[id].Y - TreeLayout.NodeRadius);
        Assert.True(EdgeTo(1).Pruned);
        Assert.False(EdgeTo(0).Pruned);
        Assert.True(EdgeTo(0).FromHead);
        Assert.True(EdgeTo(0).OnBestPath);
        Assert.True(EdgeTo(5).OnBestPath);
        Assert.False(EdgeTo(5).FromHead);
        Assert.Equal(place[0].X, EdgeTo(5).X1);
        Assert.True(EdgeTo(5).Y1 > TreeLayout.LabelBox(place[0]).Bottom);
        Assert.False(EdgeTo(6).OnBestPath);
    }

    [Fact]
    public void Sixteen_subtrees_of_forty_steps_never_overlap()
    {
        const int subtrees = 16, m = 4, steps = 40;
        var nodes = new List<ViewNode>();
        var id = 0;
        var kept = new int?[subtrees];
        for (var depth = 1; depth <= steps; depth++)
            for (var s = 0; s < subtrees; s++)
            {
                var first = id;
                for (var c = 0; c < m; c++) nodes.Add(N(id++, kept[s], s, depth, kept: c == 1));
                kept[s] = first + 1;
            }
        var layout = TreeLayout.Of(nodes);

        Assert.Equal(subtrees * m * steps, layout.Places.Count);
        Assert.Equal(layout.Places.Count, layout.Places.Select(p => (p.X, p.Y)).Distinct().Count());
        // Neighbours in a row are a column apart at least, so labels under them do not collide.
        foreach (var row in layout.Places.GroupBy(p => p.Y))
        {
            var xs = row.Select(p => p.X).Order().ToArray();
            Assert.All(xs.Zip(xs.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TreeLayout.Column - 1e-9));
        }
        Assert.Equal(steps, layout.Places.Select(p => p.Y).Distinct().Count());
        Assert.True(layout.Width >= subtrees * m * TreeLayout.Column);
        Assert.True(layout.Height >= steps * TreeLayout.Row);
    }

    [Fact]
    public void A_short_row_is_centred_under_its_block_and_an_empty_tree_has_a_size()
    {
        var layout = TreeLayout.Of([N(0, null, 0, 1), N(1, null, 0, 1), N(2, null, 0, 1), N(3, 0, 0, 2)]);
        var place = layout.Places.ToDictionary(p => p.Node.Id);
        Assert.Equal(place[1].X, place[3].X, 6);

        var empty = TreeLayout.Of([]);
        Assert.Empty(empty.Places);
        Assert.True(empty.Width > 0 && empty.Height > 0);
    }

    /// <summary>
    /// <paramref name="subtrees"/> subtrees of <paramref name="m"/> children a step; the second child of each step is
    /// kept, and the kept chain of subtree <paramref name="winner"/> is the winning path.
    /// </summary>
    private static List<ViewNode> Forest(int subtrees, int m, int steps, int winner)
    {
        var nodes = new List<ViewNode>();
        var id = 0;
        var kept = new int?[subtrees];
        for (var depth = 1; depth <= steps; depth++)
            for (var s = 0; s < subtrees; s++)
            {
                var first = id;
                for (var c = 0; c < m; c++)
                    nodes.Add(N(id++, kept[s], s, depth, kept: c == 1, best: s == winner && c == 1));
                kept[s] = first + 1;
            }
        return nodes;
    }

    [Fact]
    public void No_edge_runs_through_a_score_label_a_subtree_label_or_another_node()
    {
        foreach (var layout in new[] { TreeLayout.Of(Forest(16, 4, 6, 11)), TreeLayout.Of(Forest(3, 5, 3, 0)), SmallDvtsLayout() })
        {
            var labels = layout.Places.Select(p => (What: $"label of node {p.Node.Id}", Box: TreeLayout.LabelBox(p)))
                .Concat(layout.Heads.Select(h => (What: $"head of subtree {h.Subtree}", Box: TreeLayout.HeadBox(h)))).ToArray();
            foreach (var e in layout.Edges)
            {
                foreach (var (what, box) in labels)
                    Assert.False(Crosses(e, box), $"the edge ({e.X1}, {e.Y1}) → ({e.X2}, {e.Y2}) runs through the {what}");
                // Edges end at node borders and pass no other node.
                foreach (var p in layout.Places)
                {
                    var d = Distance(p.X, p.Y, e);
                    Assert.True(d >= TreeLayout.NodeRadius - 1e-6, $"the edge ({e.X1}, {e.Y1}) → ({e.X2}, {e.Y2}) enters node {p.Node.Id}");
                }
            }
            // Labels do not overlap one another either.
            var boxes = layout.Places.Select(TreeLayout.LabelBox).ToArray();
            for (var i = 0; i < boxes.Length; i++)
                for (var j = 0; j < i; j++)
                    Assert.False(boxes[i].X < boxes[j].Right && boxes[j].X < boxes[i].Right && boxes[i].Y < boxes[j].Bottom && boxes[j].Y < boxes[i].Bottom);
        }
    }

    [Fact]
    public void A_tree_that_fits_its_box_is_shown_whole()
    {
        var layout = SmallDvtsLayout();
        var frame = layout.Fit(960, 420);
        Assert.Equal(1, frame.Scale);
        Assert.Equal(new TreeBox(0, 0, layout.Width, layout.Height), frame.View);
        Assert.False(frame.Clipped);
        Assert.Equal((2, 2, 2, 2), (frame.SubtreesShown, frame.Subtrees, frame.StepsShown, frame.Steps));

        // A little too wide: scaled down to fit rather than scrolled.
        var wide = TreeLayout.Of(Forest(4, 4, 4, 2));
        var fitted = wide.Fit(wide.Width * 0.8, 420);
        Assert.Equal(0.8, fitted.Scale, 6);
        Assert.False(fitted.Clipped);
    }

    [Theory]
    [InlineData(960, 420)] // the run page at 1280 × 800
    [InlineData(340, 420)] // a phone
    public void A_large_tree_opens_on_its_winning_path_and_says_how_much_is_out_of_view(double boxWidth, double boxHeight)
    {
        var layout = TreeLayout.Of(Forest(16, 4, 6, 11));
        var frame = layout.Fit(boxWidth, boxHeight);

        Assert.Equal(TreeLayout.MinScale, frame.Scale); // as small as stays readable, no smaller
        Assert.Equal(boxWidth / frame.Scale, frame.View.Width, 6);
        var path = layout.Places.Where(p => p.Node.OnBestPath).ToArray();
        Assert.Equal(6, path.Length);
        Assert.All(path, p => Assert.True(frame.View.Contains(TreeLayout.NodeBox(p)), $"node {p.Node.Id} of the winning path is out of view"));
        Assert.True(frame.View.Contains(TreeLayout.HeadBox(layout.Heads.Single(h => h.Subtree == 11))));
        // The first subtree is not in view: the frame is not simply the top left corner.
        Assert.False(frame.View.Contains(TreeLayout.NodeBox(layout.Places.First(p => p.Node.Subtree == 0))));

        Assert.True(frame.Clipped);
        Assert.Equal(16, frame.Subtrees);
        Assert.InRange(frame.SubtreesShown, 1, 15);
        // Exactly the blocks that lie wholly in view are counted.
        var inView = layout.Heads.Count(h => h.Left >= frame.View.X && h.Right <= frame.View.Right);
        Assert.Equal(inView, frame.SubtreesShown);
        Assert.Equal(6, frame.Steps);
    }

    [Fact]
    public void A_path_deeper_than_the_box_is_shown_from_its_start()
    {
        var layout = TreeLayout.Of(Forest(2, 3, 40, 1));
        var frame = layout.Fit(960, 420);
        var path = layout.Places.Where(p => p.Node.OnBestPath).OrderBy(p => p.Node.Depth).ToArray();
        Assert.True(frame.View.Contains(TreeLayout.NodeBox(path[0])));
        Assert.False(frame.View.Contains(TreeLayout.NodeBox(path[^1])));
        Assert.True(frame.Clipped);
        Assert.Equal(40, frame.Steps);
        Assert.InRange(frame.StepsShown, 2, 39);
    }

    private static TreeLayout SmallDvtsLayout()
    {
        var state = new RunViewState();
        state.ApplyAll(RunEvents.SmallDvts().Messages);
        return TreeLayout.Of(state.Nodes);
    }

    // Liang–Barsky: does the segment enter the box (its inside, not only touch it)?
    private static bool Crosses(TreeEdge e, TreeBox b)
    {
        double t0 = 0, t1 = 1, dx = e.X2 - e.X1, dy = e.Y2 - e.Y1;
        foreach (var (p, q) in new[] { (-dx, e.X1 - b.X), (dx, b.Right - e.X1), (-dy, e.Y1 - b.Y), (dy, b.Bottom - e.Y1) })
        {
            if (Math.Abs(p) < 1e-12)
            {
                if (q <= 0) return false;
                continue;
            }
            var t = q / p;
            if (p < 0) t0 = Math.Max(t0, t);
            else t1 = Math.Min(t1, t);
            if (t0 >= t1) return false;
        }
        return true;
    }

    private static double Distance(double x, double y, TreeEdge e)
    {
        double dx = e.X2 - e.X1, dy = e.Y2 - e.Y1;
        var t = Math.Clamp(((x - e.X1) * dx + (y - e.Y1) * dy) / (dx * dx + dy * dy), 0, 1);
        return Math.Sqrt(Math.Pow(e.X1 + t * dx - x, 2) + Math.Pow(e.Y1 + t * dy - y, 2));
    }
}
