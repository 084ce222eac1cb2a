using System.Globalization;
using RearPlayground.Worker.Batches.Report;

namespace RearPlayground.Web.Components.Pages.Batches;

/// <summary>
/// A forest plot of B − A per selector: one row each, a dot at the delta and a whisker over its 95% paired interval, around
/// a zero line. The x range is symmetric, the largest |bound| rounded up to a tenth (at least ±0.1), so "no change" is
/// always in the middle and an interval that crosses zero is seen to.
/// </summary>
public sealed class DeltaChartLayout
{
    public const double Width = 520, Left = 96, Right = 24, Top = 10, RowHeight = 24, Bottom = 30;

    public DeltaChartLayout(IReadOnlyList<SelectorDelta> deltas)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        var shown = deltas.Where(d => double.IsFinite(d.Delta)).ToList();
        var extent = shown.SelectMany(d => new[] { d.Low, d.High, d.Delta }).Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        Extent = Math.Max(0.1, Math.Ceiling(extent * 10 - 1e-9) / 10);
        Height = Top + Math.Max(1, shown.Count) * RowHeight + Bottom;
        Rows = [.. shown.Select((d, i) => new DeltaRow(d.Name, X(d.Delta), X(Finite(d.Low, d.Delta)), X(Finite(d.High, d.Delta)),
            Top + (i + 0.5) * RowHeight, Color(d), Label(d)))];
        Ticks = [.. new[] { -Extent, -Extent / 2, 0, Extent / 2, Extent }.Select(v => (X(v), v.ToString("+0.##;-0.##;0", CultureInfo.InvariantCulture)))];
    }

    /// <summary>Half the x range: the axis runs from −Extent to +Extent.</summary>
    public double Extent { get; }
    public double Height { get; }
    public IReadOnlyList<DeltaRow> Rows { get; }
    public IReadOnlyList<(double X, string Label)> Ticks { get; }
    public double ZeroX => X(0);
    public double AxisY => Height - Bottom;

    public double X(double delta) => Left + (Math.Clamp(delta, -Extent, Extent) + Extent) / (2 * Extent) * (Width - Left - Right);

    private static double Finite(double bound, double fallback) => double.IsFinite(bound) ? bound : fallback;

    // Green when the whole interval is above zero, red when below, grey when it crosses.
    private static string Color(SelectorDelta d) => d.Low > 0 ? "#43a047" : d.High < 0 ? "#e53935" : "#757575";

    private static string Label(SelectorDelta d) =>
        string.Create(CultureInfo.InvariantCulture, $"{d.Name}: B − A = {d.Delta:+0.000;-0.000;0.000} [{d.Low:0.000}, {d.High:0.000}] over {d.Items} items");
}

public sealed record DeltaRow(string Selector, double X, double LowX, double HighX, double Y, string Color, string Label);
