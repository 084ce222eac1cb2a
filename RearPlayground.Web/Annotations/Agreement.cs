namespace RearPlayground.Web.Annotations;

/// <summary>
/// How far two annotators agree on the pairs both judged: the share judged the same (<see cref="Observed"/>) and
/// Cohen's κ over {left wins, right wins, tie}. <see cref="Kappa"/> is null (undefined) when the expected agreement
/// is 1, i.e. both put every shared pair in one and the same category.
/// </summary>
public sealed record AnnotatorAgreement(string First, string Second, int SharedPairs, int Same, double Observed, double Expected, double? Kappa);

/// <summary>Pairwise agreement and Cohen's κ between every two annotators of a run.</summary>
public static class Agreement
{
    /// <summary>Every two annotators (in name order) with at least one pair both judged.</summary>
    public static IReadOnlyList<AnnotatorAgreement> Between(IReadOnlyDictionary<string, IReadOnlyDictionary<CandidatePair, PairOutcome>> byAnnotator)
    {
        var names = byAnnotator.Keys.Order(StringComparer.Ordinal).ToList();
        var result = new List<AnnotatorAgreement>();
        for (var i = 0; i < names.Count; i++)
            for (var j = i + 1; j < names.Count; j++)
            {
                var a = byAnnotator[names[i]];
                var b = byAnnotator[names[j]];
                var shared = a.Keys.Where(b.ContainsKey).Select(p => (a[p], b[p])).ToList();
                if (shared.Count > 0) result.Add(Of(names[i], names[j], shared));
            }
        return result;
    }

    /// <summary>Agreement of two annotators' judgements of the same pairs, in the same order.</summary>
    public static AnnotatorAgreement Of(string first, string second, IReadOnlyList<(PairOutcome First, PairOutcome Second)> judgements)
    {
        if (judgements.Count == 0) throw new ArgumentException("no shared pairs", nameof(judgements));
        double n = judgements.Count;
        var same = judgements.Count(j => j.First == j.Second);
        var observed = same / n;
        // Chance agreement from each annotator's own marginals.
        var expected = Enum.GetValues<PairOutcome>().Sum(k =>
            judgements.Count(j => j.First == k) / n * (judgements.Count(j => j.Second == k) / n));
        double? kappa = expected >= 1 - 1e-12 ? null : (observed - expected) / (1 - expected);
        return new AnnotatorAgreement(first, second, judgements.Count, same, observed, expected, kappa);
    }
}
