using System.Globalization;
using RearPlayground.Worker.Batches.Report;

namespace RearPlayground.Web.Components.Shared;

/// <summary>
/// Where accuracy-against-N lines go in the SVG: x is log2 n (n = 1, 2, 4, …, N evenly spaced), y is accuracy 0…1;
/// one polyline and its points per selector, in a fixed palette.
/// </summary>
public sealed class CurveChartLayout
{
    public const double Width = 520, Height = 260, Left = 44, Right = 110, Top = 12, Bottom = 34;
    private static readonly string[] Palette = ["#1e88e5", "#e53935", "#43a047", "#8e24aa", "#fb8c00", "#00897b", "#6d4c41", "#3949ab"];

    public CurveChartLayout(IReadOnlyList<SelectorCurve> curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        // A point with no accuracy (NaN: no item where the selector applies) is left out, not drawn at NaN.
        var sizes = curves.SelectMany(c => c.Points.Where(p => p.N >= 1).Select(p => p.N)).Distinct().Order().ToList();
        var maxLog = Math.Max(1, Math.Log2(sizes.DefaultIfEmpty(1).Max()));
        double X(int n) => Left + Math.Log2(n) / maxLog * (Width - Left - Right);
        Lines = [.. curves.Select((c, i) => new CurveLine(c.Selector, Palette[i % Palette.Length],
            [.. c.Points.Where(p => double.IsFinite(p.Accuracy) && p.N >= 1).Select(p => new CurvePointAt(p.N, p.Accuracy, X(p.N), Y(p.Accuracy)))]))];
        XTicks = [.. sizes.Select(n => (X(n), n.ToString(CultureInfo.InvariantCulture)))];
        YTicks = [.. new[] { 0, 0.25, 0.5, 0.75, 1 }.Select(a => (Y(a), a.ToString("0.##", CultureInfo.InvariantCulture)))];
    }

    public IReadOnlyList<CurveLine> Lines { get; }
    public IReadOnlyList<(double X, string Label)> XTicks { get; }
    public IReadOnlyList<(double Y, string Label)> YTicks { get; }
    public static double AxisY => Height - Bottom;

    private static double Y(double accuracy) => Top + (1 - Math.Clamp(accuracy, 0, 1)) * (Height - Top - Bottom);
}

public sealed record CurvePointAt(int N, double Accuracy, double X, double Y);

public sealed record CurveLine(string Selector, string Color, IReadOnlyList<CurvePointAt> Points)
{
    public string Polyline => string.Join(" ", Points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:0.##},{p.Y:0.##}")));
}
