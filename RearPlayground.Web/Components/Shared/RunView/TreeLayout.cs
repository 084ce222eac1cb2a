namespace RearPlayground.Web.Components.Shared.RunView;

/// <summary>Where the tree view draws one node (its centre).</summary>
public sealed record NodePlace(ViewNode Node, double X, double Y);

/// <summary>A line from a node's parent (or, FromHead, its subtree's label) to the node; Pruned when the node was not kept.</summary>
public sealed record TreeEdge(double X1, double Y1, double X2, double Y2, bool Pruned, bool OnBestPath, bool FromHead);

/// <summary>The top of one subtree's column block, where its first steps hang from.</summary>
public sealed record SubtreeHead(int Subtree, double X, double Y);

/// <summary>
/// Positions for a DVTS tree: subtrees side by side, each a block as wide as its widest step (M children), one row
/// per step (depth 1 = first row). Within a row a subtree's nodes sit left to right by id, centred in the block. The
/// drawing is as large as it needs; the view scrolls it in its own box, so 16 subtrees × 40 steps stay readable.
/// </summary>
public sealed class TreeLayout
{
    public const double Column = 52, Row = 56, SubtreeGap = 28, Margin = 24, HeadHeight = 28;

    public IReadOnlyList<NodePlace> Places { get; }
    public IReadOnlyList<TreeEdge> Edges { get; }
    public IReadOnlyList<SubtreeHead> Heads { get; }
    public double Width { get; }
    public double Height { get; }

    private TreeLayout(IReadOnlyList<NodePlace> places, IReadOnlyList<TreeEdge> edges, IReadOnlyList<SubtreeHead> heads, double width, double height)
    {
        Places = places;
        Edges = edges;
        Heads = heads;
        Width = width;
        Height = height;
    }

    public static TreeLayout Of(IEnumerable<ViewNode> nodes)
    {
        var rows = nodes.GroupBy(n => (n.Subtree, n.Depth))
            .ToDictionary(g => g.Key, g => g.OrderBy(n => n.Id).ToArray());
        var subtrees = rows.Keys.Select(k => k.Subtree).Distinct().Order().ToArray();
        var widest = subtrees.ToDictionary(s => s, s => rows.Where(r => r.Key.Subtree == s).Max(r => r.Value.Length));
        var maxDepth = rows.Count == 0 ? 0 : rows.Keys.Max(k => k.Depth);

        var left = new Dictionary<int, double>();
        var x = Margin;
        foreach (var s in subtrees)
        {
            left[s] = x;
            x += widest[s] * Column + SubtreeGap;
        }
        var width = subtrees.Length == 0 ? 2 * Margin : x - SubtreeGap + Margin;
        var heads = subtrees.Select(s => new SubtreeHead(s, left[s] + widest[s] * Column / 2, Margin)).ToArray();

        var places = new Dictionary<int, NodePlace>();
        foreach (var ((subtree, depth), row) in rows)
        {
            // Centre a short row (a subtree whose last step had fewer children) under its block.
            var start = left[subtree] + (widest[subtree] - row.Length) * Column / 2 + Column / 2;
            for (var i = 0; i < row.Length; i++)
                places[row[i].Id] = new NodePlace(row[i], start + i * Column, Y(depth));
        }

        var headOf = heads.ToDictionary(h => h.Subtree);
        var edges = new List<TreeEdge>();
        foreach (var p in places.Values.OrderBy(p => p.Node.Id))
        {
            var parent = p.Node.ParentId is { } pid ? places.GetValueOrDefault(pid) : null;
            var head = headOf[p.Node.Subtree];
            var pruned = p.Node.Kept == false;
            edges.Add(parent is null
                ? new TreeEdge(head.X, head.Y, p.X, p.Y, pruned, p.Node.OnBestPath, FromHead: true)
                : new TreeEdge(parent.X, parent.Y, p.X, p.Y, pruned, p.Node.OnBestPath && parent.Node.OnBestPath, FromHead: false));
        }
        var ordered = places.Values.OrderBy(p => p.Node.Id).ToArray();
        return new TreeLayout(ordered, edges, heads, width, Y(maxDepth) + Row / 2 + Margin);
    }

    private static double Y(int depth) => Margin + HeadHeight + (depth - 0.5) * Row;
}
