using RearPlayground.Worker.Rear;

namespace RearPlayground.Worker.Selection;

/// <summary>
/// Selectors: each picks one candidate from a stored pool without a model call and answers its index (null when it has
/// nothing to pick). The REAR-family ones rank through the one <see cref="Ranker"/>, so ties go to the lower index and a
/// NaN score ranks last, exactly as the search and the results page rank.
/// </summary>
public static class PoolSelectors
{
    public const string RearName = "rear", LikelihoodName = "likelihood", PreferenceName = "preference",
        RandomName = "random", GenRmName = "genrm", GreedyName = "greedy";

    public static readonly IReadOnlyList<string> Names = [RearName, LikelihoodName, PreferenceName, RandomName, GenRmName, GreedyName];

    /// <summary>Every selector's pick; <paramref name="rear"/> is REAR's λ, γ, aggregation and EOS rule (λ is replaced for likelihood / preference).</summary>
    public static Picks PickAll(SelectorPool pool, RearOptions rear)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return new Picks(Rear(pool, rear), Likelihood(pool, rear), Preference(pool, rear), Random(pool), GenRm(pool), Greedy(pool));
    }

    /// <summary>Arg-max of S_REAR at <paramref name="options"/>.</summary>
    public static int? Rear(SelectorPool pool, RearOptions options)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return pool.Candidates.Count == 0 ? null : pool.Candidates[Ranker.Best(pool.Candidates, options)].Index;
    }

    /// <summary>λ = 0: the likelihood without the preference.</summary>
    public static int? Likelihood(SelectorPool pool, RearOptions options) => Rear(pool, options with { Lambda = 0 });

    /// <summary>λ = 1: the likelihood with the preference.</summary>
    public static int? Preference(SelectorPool pool, RearOptions options) => Rear(pool, options with { Lambda = 1 });

    /// <summary>
    /// The run's random-pick baseline, the one the search reports: <see cref="Ranker.RandomPick"/> over the pool sorted by index,
    /// i.e. the first draw of the SplitMix64 stream <c>SeededRandom.ForCandidate(seed, -1)</c> mod N. The sampler draws from
    /// the streams of candidates 0 … N−1, so this pick depends on the seed and N alone, never on what was sampled.
    /// </summary>
    public static int? Random(SelectorPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return pool.Candidates.Count == 0 ? null : pool.Candidates[Ranker.RandomPick(pool.Candidates.Count, pool.Seed)].Index;
    }

    /// <summary>Arg-max of the stored GenRM scores (ties to the lower index); null until the GenRM rank has scored every candidate.</summary>
    public static int? GenRm(SelectorPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (pool.Candidates.Count == 0 || pool.GenRm.Count != pool.Candidates.Count || pool.GenRm.Any(s => s is null)) return null;
        return pool.Candidates[Ranker.Best([.. pool.GenRm.Select(s => s!.Value)], [.. pool.Candidates.Select(c => c.Index)])].Index;
    }

    /// <summary>The greedy baseline's index (outside the pool); null when the run has none.</summary>
    public static int? Greedy(SelectorPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return pool.Greedy;
    }
}
