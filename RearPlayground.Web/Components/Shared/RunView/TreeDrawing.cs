using System.Globalization;
using System.Text;

namespace RearPlayground.Web.Components.Shared.RunView;

/// <summary>A node the view draws, in full when it matches the filter, else as a faint dot; its SVG text made once.</summary>
public sealed record DrawnNode(NodePlace Place, string X, string Y, string LabelY, string Class, string Title, string Label, bool Matches);

/// <summary>
/// The ± right of a node with children (at its centre's height, clear of the edges, which meet nodes at the top and
/// leave below the label): collapsed hides its <paramref name="Hidden"/> descendants.
/// </summary>
public sealed record NodeToggle(int NodeId, double X, double Y, bool Collapsed, int Hidden);

/// <summary>
/// What the tree view draws for a layout, a filter and the collapsed nodes and subtrees: every node, the matching ones in
/// full and the others as faint dots (the same elements with another class: a filter change updates attributes instead
/// of removing and re-creating 2,000 elements), the edges as one path per kind (not an element per edge), and a toggle
/// on each node that has children. Nodes under a collapsed node or subtree are not drawn at all.
/// </summary>
public sealed class TreeDrawing
{
    public IReadOnlyList<DrawnNode> Nodes { get; }
    public IReadOnlyList<NodeToggle> Toggles { get; }
    /// <summary>SVG path data by edge kind: kept, pruned, best, faint (to a node the filter left out).</summary>
    public IReadOnlyDictionary<string, string> Edges { get; }
    public int Matching { get; }
    /// <summary>Nodes not drawn because a node above them, or their subtree, is collapsed.</summary>
    public int Collapsed { get; }

    private TreeDrawing(IReadOnlyList<DrawnNode> nodes, IReadOnlyList<NodeToggle> toggles, IReadOnlyDictionary<string, string> edges,
        int matching, int collapsed)
    {
        Nodes = nodes;
        Toggles = toggles;
        Edges = edges;
        Matching = matching;
        Collapsed = collapsed;
    }

    public const string KeptEdges = "kept", PrunedEdges = "pruned", BestEdges = "best", FaintEdges = "faint";

    public static TreeDrawing Of(TreeLayout layout, TreeFilter filter, IReadOnlySet<int> collapsedNodes, IReadOnlySet<int> collapsedSubtrees)
    {
        // Ids grow with depth (a child is made after its parent), so one pass in id order settles who is hidden.
        var places = layout.Places;
        var hidden = new HashSet<int>();
        var byId = new Dictionary<int, NodePlace>(places.Count);
        foreach (var p in places)
        {
            byId[p.Node.Id] = p;
            if (collapsedSubtrees.Contains(p.Node.Subtree)
                || p.Node.ParentId is { } parent && (hidden.Contains(parent) || collapsedNodes.Contains(parent)))
                hidden.Add(p.Node.Id);
        }
        var below = new Dictionary<int, int>();
        for (var i = places.Count - 1; i >= 0; i--)
            if (places[i].Node.ParentId is { } parent)
                below[parent] = below.GetValueOrDefault(parent) + 1 + below.GetValueOrDefault(places[i].Node.Id);

        var nodes = new List<DrawnNode>();
        var matches = new HashSet<int>();
        foreach (var p in places)
        {
            if (hidden.Contains(p.Node.Id)) continue;
            var match = filter.Matches(p.Node);
            if (match) matches.Add(p.Node.Id);
            nodes.Add(Drawn(p, match));
        }

        var edges = new Dictionary<string, StringBuilder>
        {
            [KeptEdges] = new(), [PrunedEdges] = new(), [BestEdges] = new(), [FaintEdges] = new(),
        };
        foreach (var e in layout.Edges)
        {
            if (hidden.Contains(e.NodeId)) continue;
            var kind = !matches.Contains(e.NodeId) ? FaintEdges : e.OnBestPath ? BestEdges : e.Pruned ? PrunedEdges : KeptEdges;
            edges[kind].Append('M').Append(N(e.X1)).Append(' ').Append(N(e.Y1)).Append('L').Append(N(e.X2)).Append(' ').Append(N(e.Y2));
        }

        var toggles = places.Where(p => below.ContainsKey(p.Node.Id) && !hidden.Contains(p.Node.Id))
            .Select(p => new NodeToggle(p.Node.Id, p.X + TreeLayout.NodeRadius + 9, p.Y,
                collapsedNodes.Contains(p.Node.Id), below[p.Node.Id]))
            .ToArray();
        return new TreeDrawing(nodes, toggles, edges.ToDictionary(kv => kv.Key, kv => kv.Value.ToString()),
            places.Count(p => filter.Matches(p.Node)), hidden.Count);
    }

    private static DrawnNode Drawn(NodePlace p, bool matches)
    {
        var n = p.Node;
        var kind = "rear-node " + (n.Kept switch { true => "kept", false => "pruned", null => "open" }) + (n.OnBestPath ? " best" : "");
        return new DrawnNode(p, N(p.X), N(p.Y), N(TreeLayout.LabelBox(p).Bottom - 2), kind,
            $"node {n.Id} · subtree {n.Subtree} · step {n.Depth} · score {LogProbSummary.Format(n.Score)}", ShortScore(n.Score), matches);
    }

    // Short enough to sit under a node in its column.
    private static string ShortScore(double s) => double.IsFinite(s)
        ? s.ToString(Math.Abs(s) >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture)
        : LogProbSummary.Format(s);

    public static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
