using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Web.Components.Shared.RunView;

/// <summary>A search-tree node as the live view, replay and results draw it. Kept is null until its step's selection.</summary>
public sealed record ViewNode(int Id, int? ParentId, int Subtree, int Depth, string Text, int[] TokenIds,
    float[] LogProbsWithout, float[] LogProbsWith, double Score, string FinishReason)
{
    public bool? Kept { get; set; }
    public bool OnBestPath { get; set; }

    public static ViewNode From(NodeExpanded n) => new(n.NodeId, n.ParentId, n.Subtree, n.Depth, n.Text, n.TokenIds,
        n.LogProbsWithout, n.LogProbsWith, n.Score, n.FinishReason.ToString().ToLowerInvariant());
}
