namespace RearPlayground.Worker.Selection;

/// <summary>Each selector's pick from one pool, as candidate indices; null where a selector has nothing to pick.</summary>
public sealed record Picks(int? Rear, int? Likelihood, int? Preference, int? Random, int? GenRm, int? Greedy)
{
    /// <summary>A pick by selector name (<see cref="PoolSelectors.Names"/>).</summary>
    public int? this[string selector] => selector switch
    {
        PoolSelectors.RearName => Rear,
        PoolSelectors.LikelihoodName => Likelihood,
        PoolSelectors.PreferenceName => Preference,
        PoolSelectors.RandomName => Random,
        PoolSelectors.GenRmName => GenRm,
        PoolSelectors.GreedyName => Greedy,
        _ => throw new ArgumentException($"unknown selector '{selector}': use {string.Join(", ", PoolSelectors.Names)}"),
    };
}
