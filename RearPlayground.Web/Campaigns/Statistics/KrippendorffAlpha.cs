namespace RearPlayground.Web.Campaigns.Statistics;

/// <summary>
/// Krippendorff's α = 1 − D_o / D_e from the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's
/// Alpha-Reliability"): any number of coders, missing values allowed. α = 1 is perfect agreement, 0 agreement at
/// chance. <see cref="double.NaN"/> means undefined: fewer than two pairable values, or a single value everywhere,
/// where there is no variation and agreement cannot be told apart from chance.
/// </summary>
public static class KrippendorffAlpha
{
    /// <summary>α over units × coders (each row a unit, null where a coder gave no value).</summary>
    public static double Compute(IEnumerable<IReadOnlyList<int?>> units, AlphaLevel level) =>
        Compute(Coincidences.From(units), level);

    public static double Compute(Coincidences coincidences, AlphaLevel level)
    {
        var o = coincidences.Counts;
        var size = coincidences.Values.Count;
        var marginals = new double[size];
        for (var c = 0; c < size; c++)
            for (var k = 0; k < size; k++)
                marginals[c] += o[c, k];
        var n = marginals.Sum();
        if (n < 2) return double.NaN;

        var delta = Distances(coincidences.Values, marginals, level);
        double observed = 0, expected = 0;
        for (var c = 0; c < size; c++)
            for (var k = 0; k < size; k++)
            {
                observed += o[c, k] * delta[c, k];
                expected += marginals[c] * marginals[k] * delta[c, k];
            }
        // α = 1 − (n − 1) Σ o·δ² / Σ n_c·n_k·δ²; no expected disagreement leaves α undefined rather than 1.
        return expected <= 1e-12 ? double.NaN : 1 - (n - 1) * observed / expected;
    }

    /// <summary>δ² for every two values. Ordinal uses the marginals: (Σ_{g=c..k} n_g − (n_c + n_k)/2)².</summary>
    private static double[,] Distances(IReadOnlyList<int> values, double[] marginals, AlphaLevel level)
    {
        var size = values.Count;
        var delta = new double[size, size];
        for (var c = 0; c < size; c++)
            for (var k = c + 1; k < size; k++)
            {
                var d = level switch
                {
                    AlphaLevel.Nominal => 1.0,
                    AlphaLevel.Interval => Math.Pow(values[k] - values[c], 2),
                    AlphaLevel.Ordinal => Math.Pow(Sum(marginals, c, k) - (marginals[c] + marginals[k]) / 2, 2),
                    _ => throw new ArgumentOutOfRangeException(nameof(level)),
                };
                delta[c, k] = delta[k, c] = d;
            }
        return delta;
    }

    private static double Sum(double[] marginals, int from, int to)
    {
        double sum = 0;
        for (var g = from; g <= to; g++) sum += marginals[g];
        return sum;
    }
}
