using RearPlayground.Worker.Rear;

namespace RearPlayground.Worker.Search;

/// <summary>The result's picks, shared by every method; the ranking itself is <see cref="Ranker"/>'s.</summary>
public static class SearchOutcome
{
    /// <summary>
    /// Best by the run's own scores (its scorer's), the λ = 0 and λ = 1 baselines at the run's γ and aggregation, and the
    /// seeded random pick. Positions into <paramref name="candidates"/>, ties to the first.
    /// </summary>
    public static (int Best, int Lambda0, int Lambda1, int Random) Pick(IReadOnlyList<Candidate> candidates, RearOptions rear, long seed) => (
        Ranker.Best([.. candidates.Select(c => c.Score)]),
        Ranker.Best(Ranker.Scores(candidates, rear with { Lambda = 0 })),
        Ranker.Best(Ranker.Scores(candidates, rear with { Lambda = 1 })),
        Ranker.RandomPick(candidates.Count, seed));
}
