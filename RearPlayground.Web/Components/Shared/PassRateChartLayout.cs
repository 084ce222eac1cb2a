using System.Globalization;

namespace RearPlayground.Web.Components.Shared;

/// <summary>One bar to draw: a rate in [0, 1] with its confidence interval.</summary>
public sealed record RateWithInterval(string Label, double Rate, double Lo, double Hi);

/// <summary>
/// Geometry of a horizontal bar chart of rates with confidence-interval error bars, in SVG user units
/// (the SVG scales to its container). One row per bar: the label left, the bar from 0 to the rate, a
/// whisker from lo to hi with caps, the rate as text after the whisker. Rates are clamped to [0, 1].
/// </summary>
public sealed class PassRateChartLayout
{
    public const double Width = 350, LabelWidth = 100, ValueWidth = 50, Top = 8, RowHeight = 26, BarHeight = 14,
        CapHeight = 10, AxisHeight = 22;

    public PassRateChartLayout(IReadOnlyList<RateWithInterval> rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        Bars = [.. rates.Select((r, i) => Row(r, i))];
        Height = Top + rates.Count * RowHeight + AxisHeight;
        Ticks = [.. new[] { 0, 0.25, 0.5, 0.75, 1 }.Select(t => new Tick(X(t), string.Create(CultureInfo.InvariantCulture, $"{t * 100:0}%")))];
    }

    public static double PlotWidth => Width - LabelWidth - ValueWidth;

    public IReadOnlyList<Bar> Bars { get; }
    public IReadOnlyList<Tick> Ticks { get; }
    public double Height { get; }
    /// <summary>Where the plot's rows end and the axis labels begin.</summary>
    public double AxisY => Top + Bars.Count * RowHeight;

    /// <summary>The x of <paramref name="rate"/> (clamped to [0, 1]).</summary>
    public static double X(double rate) => LabelWidth + Clamp(rate) * PlotWidth;

    private static Bar Row(RateWithInterval r, int index)
    {
        var rate = Clamp(r.Rate);
        var lo = Clamp(Math.Min(r.Lo, r.Hi));
        var hi = Clamp(Math.Max(r.Lo, r.Hi));
        var y = Top + index * RowHeight;
        var center = y + RowHeight / 2;
        var text = string.Create(CultureInfo.InvariantCulture, $"{rate * 100:0.#}%");
        var tooltip = string.Create(CultureInfo.InvariantCulture, $"{r.Label}: {rate * 100:0.#}% (95% CI {lo * 100:0.#}–{hi * 100:0.#}%)");
        return new Bar(r.Label, rate, lo, hi, center - BarHeight / 2, LabelWidth, rate * PlotWidth, X(lo), X(hi), center,
            Math.Max(X(rate), X(hi)) + 4, text, tooltip);
    }

    // NaN (no items) draws as an empty bar rather than breaking the SVG.
    private static double Clamp(double v) => double.IsNaN(v) ? 0 : Math.Clamp(v, 0, 1);

    public sealed record Bar(string Label, double Rate, double Lo, double Hi, double Y, double X, double BarWidth,
        double LoX, double HiX, double CenterY, double ValueX, string ValueText, string Tooltip);

    public sealed record Tick(double X, string Label);
}
