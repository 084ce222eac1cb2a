namespace RearPlayground.Web.Components.Shared.RunView;

/// <summary>Where the tree view draws one node (its centre).</summary>
public sealed record NodePlace(ViewNode Node, double X, double Y);

/// <summary>
/// A line from a node's parent (or, FromHead, its subtree's label) to the node, with the ends as drawn: it leaves below
/// the parent's score label and stops at the child's border, so it never runs through a label. Pruned when the node
/// was not kept. NodeId: the node it leads to.
/// </summary>
public sealed record TreeEdge(double X1, double Y1, double X2, double Y2, bool Pruned, bool OnBestPath, bool FromHead, int NodeId = -1);

/// <summary>One subtree's column block (Left … Right) and its label's centre (X, Y), where its first steps hang from.</summary>
public sealed record SubtreeHead(int Subtree, double X, double Y, double Left, double Right);

/// <summary>An axis-aligned box in layout units.</summary>
public sealed record TreeBox(double X, double Y, double Width, double Height)
{
    public double Right => X + Width;
    public double Bottom => Y + Height;

    public bool Contains(TreeBox o) => o.X >= X - 1e-9 && o.Y >= Y - 1e-9 && o.Right <= Right + 1e-9 && o.Bottom <= Bottom + 1e-9;
}

/// <summary>
/// Positions for a DVTS tree: subtrees side by side, each a block as wide as its widest step (M children), one row
/// per step (depth 1 = first row). Within a row a subtree's nodes sit left to right by id, centred in the block. A
/// node's score sits under it; edges run in the gap between a row's labels and the next row's nodes. The drawing is as
/// large as it needs; <see cref="Fit"/> picks the scale and the part that shows first in a box of a given size.
/// </summary>
public sealed class TreeLayout
{
    public const double Column = 52, Row = 60, SubtreeGap = 28, Margin = 24, HeadHeight = 28;
    public const double NodeRadius = 11;
    /// <summary>A score label: centred under its node, this far below the node's border, this tall and wide at most.</summary>
    public const double LabelGap = 2, LabelHeight = 12, LabelWidth = 40;
    /// <summary>Below this the labels are too small to read: the box scrolls instead.</summary>
    public const double MinScale = 0.7;

    public IReadOnlyList<NodePlace> Places { get; }
    public IReadOnlyList<TreeEdge> Edges { get; }
    public IReadOnlyList<SubtreeHead> Heads { get; }
    public double Width { get; }
    public double Height { get; }
    /// <summary>The deepest step drawn.</summary>
    public int Steps { get; }

    private TreeLayout(IReadOnlyList<NodePlace> places, IReadOnlyList<TreeEdge> edges, IReadOnlyList<SubtreeHead> heads,
        double width, double height, int steps)
    {
        Places = places;
        Edges = edges;
        Heads = heads;
        Width = width;
        Height = height;
        Steps = steps;
    }

    /// <summary>The box a node's score label takes (its text, halo included).</summary>
    public static TreeBox LabelBox(NodePlace p) =>
        new(p.X - LabelWidth / 2, p.Y + NodeRadius + LabelGap, LabelWidth, LabelHeight);

    /// <summary>The box a subtree's label ("#3") takes.</summary>
    public static TreeBox HeadBox(SubtreeHead h) => new(h.X - LabelWidth / 2, h.Y - 11, LabelWidth, 14);

    /// <summary>A node with its label: what must be inside a frame for the node to be seen.</summary>
    public static TreeBox NodeBox(NodePlace p) =>
        new(p.X - LabelWidth / 2, p.Y - NodeRadius, LabelWidth, 2 * NodeRadius + LabelGap + LabelHeight);

    /// <summary>The winning path's nodes and labels (with its subtree's head), or null while no path is known.</summary>
    public TreeBox? WinningPath()
    {
        var path = Places.Where(p => p.Node.OnBestPath).Select(NodeBox).ToList();
        if (path.Count == 0) return null;
        var subtree = Places.First(p => p.Node.OnBestPath).Node.Subtree;
        if (Heads.FirstOrDefault(h => h.Subtree == subtree) is { } head) path.Add(HeadBox(head));
        double x0 = path.Min(b => b.X), y0 = path.Min(b => b.Y), x1 = path.Max(b => b.Right), y1 = path.Max(b => b.Bottom);
        return new TreeBox(x0, y0, x1 - x0, y1 - y0);
    }

    /// <summary>
    /// The first view of this tree in a box of <paramref name="boxWidth"/> × <paramref name="boxHeight"/> pixels: the
    /// whole tree when it fits at a readable scale, else the part around the winning path (or the top left while there
    /// is none) at <see cref="MinScale"/>, with how many subtrees and steps that shows. <paramref name="scale"/>: drawn
    /// at this scale instead (the reader's 100 %).
    /// </summary>
    public TreeFrame Fit(double boxWidth, double boxHeight, double? scale = null)
    {
        var s = scale ?? Math.Clamp(Math.Min(boxWidth / Width, boxHeight / Height), MinScale, 1);
        double w = Math.Min(Width, boxWidth / s), h = Math.Min(Height, boxHeight / s);
        var focus = WinningPath() ?? new TreeBox(0, 0, 0, 0);
        var x = Place(focus.X, focus.Width, w, Width);
        // A path starts at the top: show it from its start, down as far as the box goes.
        var y = focus.Height <= h ? Math.Clamp(focus.Bottom - h, 0, Height - h) : Math.Clamp(focus.Y, 0, Height - h);
        var view = new TreeBox(x, y, w, h);
        var subtrees = Heads.Count(s => s.Left >= x - 1e-9 && s.Right <= x + w + 1e-9);
        var steps = Places.Select(p => (p.Node.Depth, p.Y)).Distinct()
            .Count(r => r.Y - NodeRadius >= y - 1e-9 && r.Y + NodeRadius <= y + h + 1e-9);
        return new TreeFrame(s, view, subtrees, Heads.Count, steps, Steps);
    }

    // Centred on the focus when it fits the view, else from its left edge; never past the drawing.
    private static double Place(double at, double size, double view, double total) =>
        Math.Clamp(size <= view ? at + size / 2 - view / 2 : at, 0, Math.Max(0, total - view));

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
        var heads = subtrees.Select(s => new SubtreeHead(s, left[s] + widest[s] * Column / 2, Margin, left[s], left[s] + widest[s] * Column)).ToArray();

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
            var pruned = p.Node.Kept == false;
            if (parent is null)
            {
                var head = headOf[p.Node.Subtree];
                edges.Add(new TreeEdge(head.X, HeadBox(head).Bottom + 2, p.X, p.Y - NodeRadius, pruned, p.Node.OnBestPath, FromHead: true, p.Node.Id));
            }
            else
            {
                edges.Add(new TreeEdge(parent.X, LabelBox(parent).Bottom + 2, p.X, p.Y - NodeRadius, pruned,
                    p.Node.OnBestPath && parent.Node.OnBestPath, FromHead: false, p.Node.Id));
            }
        }
        var ordered = places.Values.OrderBy(p => p.Node.Id).ToArray();
        return new TreeLayout(ordered, edges, heads, width, Y(maxDepth) + Row / 2 + Margin, maxDepth);
    }

    private static double Y(int depth) => Margin + HeadHeight + (depth - 0.5) * Row;
}

/// <summary>
/// How the tree view first shows a layout: drawn at <paramref name="Scale"/> (pixels per layout unit), scrolled to
/// <paramref name="View"/> (in layout units), which holds <paramref name="SubtreesShown"/> of the subtrees and
/// <paramref name="StepsShown"/> of the steps in full.
/// </summary>
public sealed record TreeFrame(double Scale, TreeBox View, int SubtreesShown, int Subtrees, int StepsShown, int Steps)
{
    /// <summary>Part of the tree lies outside the box: the view says so and scrolls.</summary>
    public bool Clipped => SubtreesShown < Subtrees || StepsShown < Steps;
}
