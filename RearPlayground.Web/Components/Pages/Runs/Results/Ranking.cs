using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Web.Components.Pages.Runs.Results;

/// <summary>One candidate's place in the ranking at the chosen λ, with its places under the baselines.</summary>
/// <param name="Rank">1 = best at the chosen λ, γ and aggregation.</param>
/// <param name="RankLambda0">Place at λ = 0 (plain likelihood), same γ and aggregation.</param>
/// <param name="RankLambda1">Place at λ = 1 (likelihood with the preference).</param>
/// <param name="RandomRank">Place in the run's seeded random order (<see cref="Ranking.RandomOrder"/>).</param>
/// <param name="GenRmRank">Place by GenRM score; null until every candidate has one.</param>
public sealed record RankedCandidate(ResultCandidate Candidate, double Score, int Rank, int RankLambda0, int RankLambda1,
    int RandomRank, int? GenRmRank);

/// <summary>
/// Re-ranks stored candidates for any λ, γ and aggregation: arithmetic on ℓ0/ℓp (<see cref="RearScore"/>), no model.
/// Higher score first; ties go to the lower index (as the search's arg-max does); −∞ (an empty response) and NaN last.
/// </summary>
public static class Ranking
{
    public static IReadOnlyList<RankedCandidate> Rank(IReadOnlyList<ResultCandidate> candidates, RearOptions options, long seed)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(options);
        var scores = candidates.Select(c => Score(c, options)).ToArray();
        var places = Places(scores, candidates);
        var lambda0 = Places(candidates.Select(c => Score(c, options with { Lambda = 0 })).ToArray(), candidates);
        var lambda1 = Places(candidates.Select(c => Score(c, options with { Lambda = 1 })).ToArray(), candidates);
        var random = RandomPlaces(candidates.Count, seed);
        var genRm = candidates.All(c => c.GenRmScore is not null)
            ? Places(candidates.Select(c => c.GenRmScore!.Value).ToArray(), candidates)
            : null;
        return [.. Enumerable.Range(0, candidates.Count)
            .Select(i => new RankedCandidate(candidates[i], scores[i], places[i], lambda0[i], lambda1[i], random[i], genRm?[i]))
            .OrderBy(r => r.Rank)];
    }

    /// <summary>S_REAR of one candidate; NaN (e.g. 0 · ∞) counts as −∞.</summary>
    public static double Score(ResultCandidate c, RearOptions options)
    {
        ArgumentNullException.ThrowIfNull(c);
        var s = RearScore.Compute(c.Without, c.With, options, c.EndedWithEos);
        return double.IsNaN(s) ? double.NegativeInfinity : s;
    }

    /// <summary>Position (0-based) of the best candidate for <paramref name="options"/>; ties go to the lower index.</summary>
    public static int Winner(IReadOnlyList<ResultCandidate> candidates, RearOptions options)
    {
        var best = 0;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < candidates.Count; i++)
        {
            var s = Score(candidates[i], options);
            if (s > bestScore || (s == bestScore && candidates[i].Index < candidates[best].Index)) { best = i; bestScore = s; }
        }
        return best;
    }

    /// <summary>
    /// The run's random order, as positions into the candidates sorted by index: a seeded selection from the
    /// SplitMix64 stream <c>SeededRandom.ForCandidate(seed, -1)</c>, the stream the search's random-pick baseline
    /// draws from. Place k takes remaining[draw_k mod remaining.Count], so the first place is exactly the run's
    /// random pick and the rest follow from the same seed on every machine.
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

    // rank (1-based) of each candidate when sorted by score descending, ties by index.
    private static int[] Places(double[] scores, IReadOnlyList<ResultCandidate> candidates)
    {
        var order = Enumerable.Range(0, scores.Length)
            .OrderByDescending(i => double.IsNaN(scores[i]) ? double.NegativeInfinity : scores[i])
            .ThenBy(i => candidates[i].Index).ToArray();
        var places = new int[scores.Length];
        for (var p = 0; p < order.Length; p++) places[order[p]] = p + 1;
        return places;
    }

    // Candidates are given in stored order (by index), so the random order's positions are positions here.
    private static int[] RandomPlaces(int count, long seed)
    {
        var order = RandomOrder(count, seed);
        var places = new int[count];
        for (var p = 0; p < count; p++) places[order[p]] = p + 1;
        return places;
    }
}
