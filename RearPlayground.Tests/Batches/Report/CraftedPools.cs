using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Selection;

namespace RearPlayground.Tests.Batches.Report;

/// <summary>Pools of one-token candidates whose scores are set by hand: r = (1 − λ)·ℓ0 + λ·ℓp.</summary>
internal static class CraftedPools
{
    /// <summary>ℓ0 = ℓp = <c>score</c>, so S_REAR is <c>score</c> at every λ (and likelihood / preference agree).</summary>
    public static SelectorPool Scored(params (string Text, double Score)[] candidates) =>
        Pool([.. candidates.Select(c => (c.Text, c.Score, c.Score))]);

    public static SelectorPool Pool((string Text, double L0, double Lp)[] candidates, double?[]? genRm = null, int? greedy = null, long seed = 0) =>
        new([.. candidates.Select((c, i) => new StoredCandidate(i, c.Text, [(float)c.L0], [(float)c.Lp], "length", 0))],
            genRm ?? [.. candidates.Select(_ => (double?)null)], greedy, seed);
}
