namespace RearPlayground.Web.Components.Shared.Sweep;

/// <summary>Axis arithmetic for the SVG charts: a padded range, round tick values, data → pixel.</summary>
public static class ChartAxis
{
    /// <summary>The range of the finite values, padded by 5 % (or ±1 around a single value); (0, 1) when there is none.</summary>
    public static (double Min, double Max) Range(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return (0, 1);
        double min = finite.Min(), max = finite.Max();
        if (max - min < 1e-12 * Math.Max(1, Math.Abs(max))) return (min - 1, max + 1);
        var pad = (max - min) * 0.05;
        return (min - pad, max + pad);
    }

    /// <summary>About <paramref name="count"/> round ticks (steps of 1, 2 or 5 × 10^k) inside [min, max].</summary>
    public static double[] Ticks(double min, double max, int count = 5)
    {
        if (!(max > min) || count < 1) return [min];
        var raw = (max - min) / count;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var normal = raw / magnitude;
        var step = (normal < 1.5 ? 1 : normal < 3 ? 2 : normal < 7 ? 5 : 10) * magnitude;
        // Whole multiples of the step, rounded to its decimals so 3 × 0.1 reads 0.3.
        var decimals = Math.Clamp(1 - (int)Math.Floor(Math.Log10(step)), 0, 15);
        var ticks = new List<double>();
        for (var k = Math.Ceiling(min / step); k * step <= max + step * 1e-9; k++)
            ticks.Add(Math.Round(k * step, decimals) + 0.0); // + 0.0 turns −0 into 0
        return [.. ticks];
    }

    /// <summary><paramref name="value"/> in [min, max] mapped linearly to [from, to] (pixels; to &lt; from flips the axis).</summary>
    public static double Map(double value, double min, double max, double from, double to) =>
        from + (value - min) / (max - min) * (to - from);
}
