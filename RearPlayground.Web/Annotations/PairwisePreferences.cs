using RearPlayground.Data.Annotations;
using RearPlayground.Data.Entities;

namespace RearPlayground.Web.Annotations;

/// <summary>How an annotator judged a pair of candidates, the pair normalised so that Left is the lower index.</summary>
public enum PairOutcome { LeftWins, RightWins, Tie }

/// <summary>A pair of candidate indices with <see cref="Low"/> &lt; <see cref="High"/>.</summary>
public readonly record struct CandidatePair(int Low, int High)
{
    public static CandidatePair Of(int a, int b) => a < b ? new(a, b) : new(b, a);
}

/// <summary>
/// Every annotator's judgements of a run as pairwise preferences: <c>best</c> b → b beats each other candidate;
/// <c>rank</c> → each candidate beats every one ranked below it; <c>pair</c> → the judged pair, ties included.
/// Annotations are applied oldest first, so an annotator's later judgement of a pair replaces an earlier one.
/// </summary>
public static class PairwisePreferences
{
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<CandidatePair, PairOutcome>> Derive(
        IEnumerable<AnnotationEntity> annotations, IReadOnlyCollection<int> candidates)
    {
        var result = new SortedDictionary<string, Dictionary<CandidatePair, PairOutcome>>(StringComparer.Ordinal);
        foreach (var a in annotations.OrderBy(a => a.At).ThenBy(a => a.Id))
        {
            var judged = Judgements(a, candidates).ToList();
            if (judged.Count == 0) continue;
            if (!result.TryGetValue(a.Annotator, out var pairs)) result[a.Annotator] = pairs = [];
            foreach (var (pair, outcome) in judged) pairs[pair] = outcome;
        }
        return result.ToDictionary(r => r.Key, r => (IReadOnlyDictionary<CandidatePair, PairOutcome>)r.Value, StringComparer.Ordinal);
    }

    /// <summary>The pairs one annotation judges; none for comments or values that no longer fit the run.</summary>
    public static IEnumerable<(CandidatePair Pair, PairOutcome Outcome)> Judgements(AnnotationEntity a, IReadOnlyCollection<int> candidates)
    {
        switch (a.Kind)
        {
            case AnnotationKinds.Best when a.CandidateIndex is { } best && candidates.Contains(best):
                foreach (var other in candidates.Where(c => c != best).Order()) yield return Beats(best, other);
                break;
            case AnnotationKinds.Rank when Order(a.Value) is { } order:
                for (var i = 0; i < order.Length; i++)
                    for (var j = i + 1; j < order.Length; j++)
                        if (candidates.Contains(order[i]) && candidates.Contains(order[j])) yield return Beats(order[i], order[j]);
                break;
            case AnnotationKinds.Pair when PairValue.TryParse(a.Value) is { } p && p.Left != p.Right:
                if (p.Choice == AnnotationKinds.Tie) yield return (CandidatePair.Of(p.Left, p.Right), PairOutcome.Tie);
                else if (p.Choice == AnnotationKinds.Left) yield return Beats(p.Left, p.Right);
                else if (p.Choice == AnnotationKinds.Right) yield return Beats(p.Right, p.Left);
                break;
        }
    }

    /// <summary>(winner, loser) as a normalised pair.</summary>
    public static (CandidatePair, PairOutcome) Beats(int winner, int loser) =>
        (CandidatePair.Of(winner, loser), winner < loser ? PairOutcome.LeftWins : PairOutcome.RightWins);

    /// <summary>A stored rank (JSON array, best first), or null.</summary>
    public static int[]? Order(string value)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<int[]>(value);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
