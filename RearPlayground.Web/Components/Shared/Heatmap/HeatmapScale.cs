using System.Globalization;

namespace RearPlayground.Web.Components.Shared.Heatmap;

/// <summary>
/// The heatmap's diverging colour scale, centred at 0: negative values red, positive blue, the strength of the tint
/// |v| / extent (one extent for every heatmap shown together, so they compare). Tints are translucent, so the scale
/// reads the same on light and dark backgrounds.
/// </summary>
public static class HeatmapScale
{
    /// <summary>Strongest tint (alpha) a token gets, at |v| ≥ extent or ±∞.</summary>
    public const double MaxAlpha = 0.85;

    private const string Negative = "178, 24, 43", Positive = "33, 102, 172";

    public static double Value(HeatToken token, HeatMode mode) =>
        mode == HeatMode.Reward ? token.Reward : token.Difference;

    /// <summary>Share of the finite |v| that stay below full strength: a few outlier tokens must not wash out the rest.</summary>
    public const double ExtentQuantile = 0.95;

    /// <summary>
    /// The <see cref="ExtentQuantile"/> quantile (nearest rank) of the finite |v|: stronger values get the full tint.
    /// 1 when there is none (all zero or infinite), so the scale is never 0.
    /// </summary>
    public static double Extent(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Select(Math.Abs).Order().ToArray();
        if (sorted.Length == 0) return 1;
        var extent = sorted[(int)Math.Ceiling(ExtentQuantile * sorted.Length) - 1];
        return extent > 0 ? extent : sorted[^1] > 0 ? sorted[^1] : 1;
    }

    /// <summary>Alpha of the tint: |v| / extent, capped; infinities at full strength, NaN none.</summary>
    public static double Alpha(double value, double extent)
    {
        if (double.IsNaN(value)) return 0;
        var t = double.IsInfinity(value) ? 1 : Math.Min(1, Math.Abs(value) / extent);
        return Math.Round(MaxAlpha * t, 3);
    }

    /// <summary>CSS background colour, e.g. "rgba(178, 24, 43, 0.425)".</summary>
    public static string Background(double value, double extent)
    {
        var alpha = Alpha(value, extent);
        if (alpha == 0) return "transparent";
        return $"rgba({(value < 0 ? Negative : Positive)}, {alpha.ToString(CultureInfo.InvariantCulture)})";
    }

    /// <summary>White text on strong tints; otherwise the theme's text colour.</summary>
    public static string? Foreground(double value, double extent) => Alpha(value, extent) > 0.5 ? "#fff" : null;

    /// <summary>
    /// A token's text with its whitespace visible: a newline shows as "↵" and still breaks the line, a tab as "⇥",
    /// a carriage return as "␍"; spaces are kept (the span preserves them). No text of its own (part of a character
    /// split over several tokens) shows as "∅".
    /// </summary>
    public static string Visible(string text) => text.Length == 0
        ? "∅"
        : text.Replace("\r", "␍", StringComparison.Ordinal).Replace("\n", "↵\n", StringComparison.Ordinal)
            .Replace("\t", "⇥", StringComparison.Ordinal);
}
