namespace RearPlayground.Web.Campaigns.Statistics;

/// <summary>α with a 95% interval; <see cref="Low"/> and <see cref="High"/> are NaN when no resample had α defined.</summary>
public sealed record AlphaEstimate(double Alpha, double Low, double High, int Resamples);

/// <summary>
/// A percentile bootstrap interval for α over units (campaign items): draw as many units as there are, with
/// replacement, recompute α, and take the 2.5th and 97.5th percentiles. Resampling units rather than single values
/// keeps each item's judgments together, which is what varies when a campaign judges other items. Seeded, so the
/// dashboard shows the same interval on every load. Resamples where α is undefined are left out.
/// </summary>
public static class AlphaBootstrap
{
    public const int DefaultResamples = 1000;

    public static AlphaEstimate Estimate(IEnumerable<IReadOnlyList<int?>> units, AlphaLevel level, int resamples = DefaultResamples, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(resamples);
        // Units with fewer than two values add nothing to α, so drawing them would only dilute the resample.
        var pairable = Coincidences.Pairable(units);
        var values = pairable.SelectMany(u => u).Distinct().Order().ToArray();
        var index = values.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i);
        var indexed = pairable.Select(u => u.Select(v => index[v]).ToArray()).ToArray();

        var alpha = KrippendorffAlpha.Compute(Coincidences.Of(values, Matrix(values.Length, indexed, Enumerable.Repeat(1, indexed.Length).ToArray())), level);
        if (indexed.Length == 0) return new AlphaEstimate(alpha, double.NaN, double.NaN, resamples);

        var random = new Random(seed);
        var draws = new int[indexed.Length];
        var estimates = new List<double>(resamples);
        for (var r = 0; r < resamples; r++)
        {
            Array.Clear(draws);
            for (var i = 0; i < indexed.Length; i++) draws[random.Next(indexed.Length)]++;
            var a = KrippendorffAlpha.Compute(Coincidences.Of(values, Matrix(values.Length, indexed, draws)), level);
            if (!double.IsNaN(a)) estimates.Add(a);
        }
        estimates.Sort();
        return new AlphaEstimate(alpha, Percentile(estimates, 0.025), Percentile(estimates, 0.975), resamples);
    }

    /// <summary>The coincidence matrix of units drawn <paramref name="times"/>[u] times each.</summary>
    private static double[,] Matrix(int size, int[][] units, int[] times)
    {
        var counts = new double[size, size];
        for (var u = 0; u < units.Length; u++)
            if (times[u] > 0) Coincidences.AddUnit(counts, units[u], times[u]);
        return counts;
    }

    /// <summary>Linear interpolation between order statistics (the usual "type 7" quantile).</summary>
    internal static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return double.NaN;
        var position = p * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
