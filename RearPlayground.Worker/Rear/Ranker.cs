using RearPlayground.Worker.Engine.Sampling;

namespace RearPlayground.Worker.Rear;

/// <summary>
/// The one ranking of candidates: S_REAR at a λ, γ, aggregation and EOS rule (<see cref="RearScore"/>), higher first,
/// ties to the lower index, NaN counted as −∞ (an empty response or an impossible token ranks last). The search's pick,
/// the rescore API and the results page all rank through here, so they always agree.
/// </summary>
public static class Ranker
{
    /// <summary>S_REAR of one candidate; never NaN.</summary>
    public static double Score(IRankable candidate, RearOptions options)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(options);
        var s = RearScore.Compute(candidate.LogProbsWithout, candidate.LogProbsWith, options, candidate.EndedWithEos);
        return double.IsNaN(s) ? double.NegativeInfinity : s;
    }

    public static double[] Scores<T>(IReadOnlyList<T> candidates, RearOptions options) where T : IRankable =>
        [.. candidates.Select(c => Score(c, options))];

    /// <summary>Positions into <paramref name="scores"/>, best first. <paramref name="indices"/> break ties (lower first); none: position.</summary>
    public static int[] Order(IReadOnlyList<double> scores, IReadOnlyList<int>? indices = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return [.. Enumerable.Range(0, scores.Count)
            .OrderByDescending(i => Sortable(scores[i]))
            .ThenBy(i => indices?[i] ?? i)];
    }

    /// <summary>The place (1 = best) of each position, as <see cref="Order"/> ranks them.</summary>
    public static int[] Places(IReadOnlyList<double> scores, IReadOnlyList<int>? indices = null)
    {
        var order = Order(scores, indices);
        var places = new int[order.Length];
        for (var p = 0; p < order.Length; p++) places[order[p]] = p + 1;
        return places;
    }

    /// <summary>Position of the best score (ties to the lower index); 0 when there are none, as the search reports.</summary>
    public static int Best(IReadOnlyList<double> scores, IReadOnlyList<int>? indices = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var best = 0;
        for (var i = 1; i < scores.Count; i++)
        {
            double s = Sortable(scores[i]), b = Sortable(scores[best]);
            if (s > b || (s == b && (indices?[i] ?? i) < (indices?[best] ?? best))) best = i;
        }
        return best;
    }

    /// <summary>Position of the best candidate at <paramref name="options"/>; 0 when there are none.</summary>
    public static int Best<T>(IReadOnlyList<T> candidates, RearOptions options) where T : IRankable =>
        Best(Scores(candidates, options), [.. candidates.Select(c => c.Index)]);

    /// <summary>
    /// The run's random order, as positions into the candidates sorted by index: a seeded selection from the
    /// SplitMix64 stream <c>SeededRandom.ForCandidate(seed, -1)</c>. Place k takes remaining[draw_k mod remaining.Count],
    /// so the first place is the run's random-pick baseline and the rest follow from the same seed on every machine.
    /// </summary>
    public static int[] RandomOrder(int count, long seed)
    {
        var random = SeededRandom.ForCandidate(seed, -1);
        var remaining = Enumerable.Range(0, count).ToList();
        var order = new int[count];
        for (var k = 0; k < count; k++)
        {
            var at = (int)(random.NextUInt64() % (ulong)remaining.Count);
            order[k] = remaining[at];
            remaining.RemoveAt(at);
        }
        return order;
    }

    /// <summary>The random-pick baseline: the first of <see cref="RandomOrder"/>, drawn without building the rest.</summary>
    public static int RandomPick(int count, long seed) =>
        count == 0 ? 0 : (int)(SeededRandom.ForCandidate(seed, -1).NextUInt64() % (ulong)count);

    private static double Sortable(double score) => double.IsNaN(score) ? double.NegativeInfinity : score;
}
