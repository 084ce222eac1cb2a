using RearPlayground.Worker.Rear;

namespace RearPlayground.Web.Components.Pages.Runs.Results;

/// <summary>One candidate's place in the ranking at the chosen λ, with its places under the baselines.</summary>
/// <param name="Rank">1 = best at the chosen λ, γ and aggregation.</param>
/// <param name="RankLambda0">Place at λ = 0 (plain likelihood), same γ and aggregation.</param>
/// <param name="RankLambda1">Place at λ = 1 (likelihood with the preference).</param>
/// <param name="RandomRank">Place in the run's seeded random order (<see cref="Ranker.RandomOrder"/>).</param>
/// <param name="GenRmRank">Place by GenRM score; null until every candidate has one.</param>
public sealed record RankedCandidate(ResultCandidate Candidate, double Score, int Rank, int RankLambda0, int RankLambda1,
    int RandomRank, int? GenRmRank);

/// <summary>
/// The results page's view of <see cref="Ranker"/>: each candidate's place at the chosen λ, γ and aggregation and under
/// the baselines (λ = 0, λ = 1, the run's random order, GenRM). The ranking rules are the ranker's.
/// </summary>
public static class Ranking
{
    public static IReadOnlyList<RankedCandidate> Rank(IReadOnlyList<ResultCandidate> candidates, RearOptions options, long seed)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(options);
        int[] indices = [.. candidates.Select(c => c.Index)];
        var scores = Ranker.Scores(candidates, options);
        var places = Ranker.Places(scores, indices);
        var lambda0 = Ranker.Places(Ranker.Scores(candidates, options with { Lambda = 0 }), indices);
        var lambda1 = Ranker.Places(Ranker.Scores(candidates, options with { Lambda = 1 }), indices);
        // Candidates are given in stored order (by index), so the random order's positions are positions here.
        var random = PlacesOf(Ranker.RandomOrder(candidates.Count, seed));
        var genRm = candidates.All(c => c.GenRmScore is not null)
            ? Ranker.Places([.. candidates.Select(c => c.GenRmScore!.Value)], indices)
            : null;
        return [.. Enumerable.Range(0, candidates.Count)
            .Select(i => new RankedCandidate(candidates[i], scores[i], places[i], lambda0[i], lambda1[i], random[i], genRm?[i]))
            .OrderBy(r => r.Rank)];
    }

    // order (best first) → the place (1-based) of each position.
    private static int[] PlacesOf(int[] order)
    {
        var places = new int[order.Length];
        for (var p = 0; p < order.Length; p++) places[order[p]] = p + 1;
        return places;
    }
}
