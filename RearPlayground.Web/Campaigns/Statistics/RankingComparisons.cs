namespace RearPlayground.Web.Campaigns.Statistics;

/// <summary>
/// A rank judgment as pairwise outcomes, so rank and pairs campaigns share one Bradley–Terry answer: a ranking of k
/// candidates (best first) says each beats every one after it, k(k−1)/2 comparisons.
/// </summary>
public static class RankingComparisons
{
    public static IReadOnlyList<Comparison> From(IReadOnlyList<int> bestFirst)
    {
        if (bestFirst.Distinct().Count() != bestFirst.Count) throw new ArgumentException("a ranking names each candidate once", nameof(bestFirst));
        var result = new List<Comparison>(bestFirst.Count * (bestFirst.Count - 1) / 2);
        for (var i = 0; i < bestFirst.Count; i++)
            for (var j = i + 1; j < bestFirst.Count; j++)
                result.Add(Comparison.Win(bestFirst[i], bestFirst[j]));
        return result;
    }
}
