using RearPlayground.Worker.Engine.Sampling;

namespace RearPlayground.Worker.Eval;

/// <summary>
/// Percentile bootstrap over items for a pass rate (or any mean over items): resample the items with replacement, take each
/// resample's pass rate, report the (1 − level)/2 and (1 + level)/2 quantiles. Seeded with the project's
/// SplitMix64 so an interval is the same on every machine and .NET version.
/// </summary>
public static class Bootstrap
{
    public static (double Lo, double Hi) PassRateInterval(IReadOnlyList<bool> passes, int resamples, long seed, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(passes);
        return MeanInterval([.. passes.Select(p => p ? 1.0 : 0.0)], resamples, seed, level);
    }

    /// <summary>
    /// The same percentile bootstrap for the mean of any per-item values: a pass rate (0/1), or the paired differences
    /// of two batches on the same items (their delta's interval). Draws the same items as <see cref="PassRateInterval"/>.
    /// </summary>
    public static (double Lo, double Hi) MeanInterval(IReadOnlyList<double> values, int resamples, long seed, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("bootstrap: no items");
        if (resamples < 1) throw new ArgumentException("bootstrap: resamples must be at least 1");
        if (!(level is > 0 and < 1)) throw new ArgumentException("bootstrap: level must be in (0, 1)");

        var n = values.Count;
        var mean = values.Sum() / n;
        var random = new SeededRandom((ulong)seed);
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
                sum += values[(int)(random.NextUInt64() % (ulong)n)];
            means[r] = sum / n;
        }
        Array.Sort(means);
        var lo = Quantile(means, (1 - level) / 2);
        var hi = Quantile(means, (1 + level) / 2);
        // With very few resamples the percentiles can miss the observed mean; an interval that excludes
        // its own estimate would only confuse a reader, so widen it to include it.
        return (Math.Min(lo, mean), Math.Max(hi, mean));
    }

    /// <summary>Linear interpolation between order statistics (the common "type 7" quantile).</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
