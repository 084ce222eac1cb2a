using System.Globalization;

namespace RearPlayground.Web.Components.Pages.History;

/// <summary>Short human forms of durations and scores for tables.</summary>
public static class Durations
{
    public static string Format(TimeSpan? duration) => duration switch
    {
        null => "—",
        { TotalSeconds: < 1 } d => $"{Math.Max(0, d.TotalMilliseconds):0} ms",
        { TotalMinutes: < 1 } d => string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:0.0} s"),
        { TotalHours: < 1 } d => $"{(int)d.TotalMinutes} min {d.Seconds:00} s",
        { } d => $"{(int)d.TotalHours} h {d.Minutes:00} min",
    };

    /// <summary>A score with 3 decimals; −∞ (an empty response) as the symbol.</summary>
    public static string Score(double? score) => score switch
    {
        null => "—",
        double.NegativeInfinity => "−∞",
        double.PositiveInfinity => "∞",
        { } s => s.ToString("0.000", CultureInfo.InvariantCulture),
    };

    /// <summary>Times are shown in UTC, as the filters take them.</summary>
    public static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "—";

    /// <summary>The first <paramref name="max"/> characters on one line, with an ellipsis when cut.</summary>
    public static string Shorten(string? text, int max = 90)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var oneLine = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (oneLine.Length <= max) return oneLine;
        var cut = char.IsHighSurrogate(oneLine[max - 2]) ? max - 2 : max - 1; // never split a surrogate pair
        return oneLine[..cut].TrimEnd() + "…";
    }
}
