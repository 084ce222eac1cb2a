using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Worker.Search;

/// <summary>Ranks finished candidates and picks the baselines; shared by every method.</summary>
public static class SearchOutcome
{
    public static (int Best, int Lambda0, int Lambda1, int Random) Pick(IReadOnlyList<Candidate> candidates, RearOptions rear, long seed) => (
        ArgMax(candidates, c => c.Score),
        ArgMax(candidates, c => Rescore(c, rear with { Lambda = 0 })),
        ArgMax(candidates, c => Rescore(c, rear with { Lambda = 1 })),
        candidates.Count == 0 ? 0 : (int)(SeededRandom.ForCandidate(seed, -1).NextUInt64() % (ulong)candidates.Count));

    public static double Rescore(Candidate c, RearOptions options) =>
        RearScore.Compute(c.LogProbsWithout, c.LogProbsWith, options, c.EndedWithEos);

    /// <summary>Index of the highest score; ties go to the first.</summary>
    public static int ArgMax<T>(IReadOnlyList<T> items, Func<T, double> score)
    {
        var best = 0;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < items.Count; i++)
        {
            var s = score(items[i]);
            if (s > bestScore) { best = i; bestScore = s; }
        }
        return best;
    }
}
