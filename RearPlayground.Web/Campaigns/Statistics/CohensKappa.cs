namespace RearPlayground.Web.Campaigns.Statistics;

/// <summary>
/// Cohen's κ = (p_o − p_e) / (1 − p_e) between two annotators over the items both judged, for any categories
/// (a pair's winner, a best pick, …). The single κ of the app: the Annotate page and campaigns both use it.
/// </summary>
public static class CohensKappa
{
    /// <summary>
    /// Every two annotators (in ordinal name order) with at least one item both judged; each annotator maps items
    /// to the category they gave.
    /// </summary>
    public static IReadOnlyList<AnnotatorAgreement> Between<TItem, TCategory>(IReadOnlyDictionary<string, IReadOnlyDictionary<TItem, TCategory>> byAnnotator)
        where TItem : notnull where TCategory : notnull
    {
        var names = byAnnotator.Keys.Order(StringComparer.Ordinal).ToList();
        var result = new List<AnnotatorAgreement>();
        for (var i = 0; i < names.Count; i++)
            for (var j = i + 1; j < names.Count; j++)
            {
                var a = byAnnotator[names[i]];
                var b = byAnnotator[names[j]];
                var shared = a.Keys.Where(b.ContainsKey).Select(item => (a[item], b[item])).ToList();
                if (shared.Count > 0) result.Add(Of(names[i], names[j], shared));
            }
        return result;
    }

    /// <summary>Agreement of two annotators' categories for the same items, in the same order.</summary>
    public static AnnotatorAgreement Of<TCategory>(string first, string second, IReadOnlyList<(TCategory First, TCategory Second)> judgements)
        where TCategory : notnull
    {
        if (judgements.Count == 0) throw new ArgumentException("no shared items", nameof(judgements));
        var comparer = EqualityComparer<TCategory>.Default;
        double n = judgements.Count;
        var same = judgements.Count(j => comparer.Equals(j.First, j.Second));
        var observed = same / n;
        // Chance agreement from each annotator's own marginals; a category only one of them used adds 0.
        var firsts = judgements.CountBy(j => j.First).ToDictionary();
        var seconds = judgements.CountBy(j => j.Second).ToDictionary();
        var expected = firsts.Sum(f => f.Value / n * (seconds.GetValueOrDefault(f.Key) / n));
        double? kappa = expected >= 1 - 1e-12 ? null : (observed - expected) / (1 - expected);
        return new AnnotatorAgreement(first, second, judgements.Count, same, observed, expected, kappa);
    }
}
