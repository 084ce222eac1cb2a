using RearPlayground.Worker.Selection;

namespace RearPlayground.Worker.Batches.Report;

/// <summary>The selectors a batch report scores: the pool selectors (<see cref="PoolSelectors.Names"/>) and the two votes.</summary>
public static class ReportSelectors
{
    /// <summary>The most common extracted answer (see <see cref="PoolVotes"/>).</summary>
    public const string Majority = "majority";

    /// <summary>The answer with the largest sum of softmax(S_REAR / T) over its candidates (see <see cref="PoolVotes"/>).</summary>
    public const string Weighted = "weighted";

    public static readonly IReadOnlyList<string> Names = [.. PoolSelectors.Names, Majority, Weighted];
}

/// <summary>Voting knobs: <paramref name="Temperature"/> T of the softmax over REAR scores in the weighted vote (1 by default).</summary>
public sealed record VoteOptions(double Temperature = 1)
{
    public static readonly VoteOptions Default = new();
}

/// <summary>
/// One item's outcome: for each selector whether its pick is correct (null where the selector has nothing to pick or the
/// item cannot be judged), and the picks by candidate index (majority and weighted: the winning answer's lowest-index
/// candidate). <see cref="Item"/> is the key two batches are compared on (the dataset item's id).
/// </summary>
public sealed record ItemResult(string Item, IReadOnlyDictionary<string, bool?> Correct, IReadOnlyDictionary<string, int?> Picks);
