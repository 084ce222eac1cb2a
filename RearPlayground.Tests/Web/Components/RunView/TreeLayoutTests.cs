using RearPlayground.Web.Components.Shared.RunView;

namespace RearPlayground.Tests.Web.Components.RunView;

/// <summary>Where the DVTS tree draws its nodes: subtrees side by side, a row per step, nothing overlapping.</summary>
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
        TreeEdge EdgeTo(int id) => layout.Edges.Single(e => e.X2 == place[id].X && e.Y2 == place[id].Y);
        Assert.True(EdgeTo(1).Pruned);
        Assert.False(EdgeTo(0).Pruned);
        Assert.True(EdgeTo(0).FromHead);
        Assert.True(EdgeTo(0).OnBestPath);
        Assert.True(EdgeTo(5).OnBestPath);
        Assert.False(EdgeTo(5).FromHead);
        Assert.Equal((place[0].X, place[0].Y), (EdgeTo(5).X1, EdgeTo(5).Y1));
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
}
