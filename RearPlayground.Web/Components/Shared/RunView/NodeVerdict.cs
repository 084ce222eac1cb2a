using RearPlayground.Worker.Rear;

namespace RearPlayground.Web.Components.Shared.RunView;

/// <summary>
/// Why DVTS kept or pruned a node. Each step a live subtree expands its one kept node into M children, ranks them by
/// score (ties to the earlier child, as <see cref="Ranker.Best(IReadOnlyList{double}, IReadOnlyList{int}?)"/>) and keeps
/// only the best: the kept sibling's score is the threshold every sibling had to beat.
/// </summary>
/// <param name="Rank">1 = best among its siblings (itself included), in the search's order.</param>
/// <param name="Siblings">Children of the same expansion (same subtree and parent), itself included: M.</param>
/// <param name="KeptId">The sibling that was kept, null until the step is decided.</param>
/// <param name="Threshold">The kept sibling's score (the lowest kept one: DVTS keeps one).</param>
/// <param name="Margin">Kept: how far above the runner-up; pruned: how far below the threshold (≤ 0).</param>
public sealed record NodeVerdict(int Rank, int Siblings, int? KeptId, double? Threshold, double? Margin, string Reason)
{
    public static NodeVerdict Of(ViewNode node, IEnumerable<ViewNode> nodes)
    {
        var siblings = nodes.Where(n => n.Subtree == node.Subtree && n.ParentId == node.ParentId && n.Depth == node.Depth)
            .OrderBy(n => n.Id).ToArray();
        var places = Ranker.Places([.. siblings.Select(n => n.Score)], [.. siblings.Select(n => n.Id)]);
        var rank = places[Array.FindIndex(siblings, n => n.Id == node.Id)];
        var kept = siblings.FirstOrDefault(n => n.Kept == true);
        var m = siblings.Length;
        if (kept is null)
            return new NodeVerdict(rank, m, null, null, null,
                node.Kept == false ? $"pruned · rank {rank} of {m}" : $"not decided yet · rank {rank} of {m} so far");

        var threshold = kept.Score;
        if (node.Id == kept.Id)
        {
            var runnerUp = siblings.Where(n => n.Id != node.Id).OrderBy(n => places[Array.IndexOf(siblings, n)]).FirstOrDefault();
            var margin = runnerUp is null ? (double?)null : node.Score - runnerUp.Score;
            var why = runnerUp is null ? "kept · the only child of its step"
                : $"kept · rank {rank} of {m}: DVTS keeps the best child of each step, {F(margin!.Value)} above node {runnerUp.Id}";
            return new NodeVerdict(rank, m, kept.Id, threshold, margin, why);
        }
        var gap = node.Score == threshold ? 0 : node.Score - threshold;
        var reason = gap == 0
            ? $"pruned · rank {rank} of {m}: tied with node {kept.Id} at {F(threshold)}; a tie goes to the earlier child"
            : gap < 0 || double.IsNaN(gap)
                ? $"pruned · rank {rank} of {m}: {F(-gap)} below node {kept.Id}'s {F(threshold)}, the score to beat (only the best child is kept)"
                : $"pruned · rank {rank} of {m}, though {F(gap)} above the kept node {kept.Id}";
        return new NodeVerdict(rank, m, kept.Id, threshold, double.IsNaN(gap) ? null : gap, reason);
    }

    private static string F(double v) => LogProbSummary.Format(v);
}
