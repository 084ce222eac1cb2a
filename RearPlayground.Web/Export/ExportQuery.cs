using System.Globalization;
using RearPlayground.Data.Annotations;

namespace RearPlayground.Web.Export;

/// <summary>Which pairs a rank gives the DPO export: neighbours in the order (n − 1 pairs) or every pair (n(n − 1)/2).</summary>
public enum RankPairs { Adjacent, All }

/// <summary>
/// The exports' filters as the routes take them (<c>annotator</c>, <c>from</c>, <c>to</c>, <c>model</c>, and
/// <c>pairs</c> and <c>raw</c> for the DPO export: raw=true keeps every judgement instead of each pair once). Dates are
/// whole UTC days, <c>yyyy-MM-dd</c>, both included; they filter on when the annotation was made. The Export page builds its download links with <see cref="QueryString"/>.
/// </summary>
public sealed record ExportQuery(string? Annotator = null, DateOnly? From = null, DateOnly? To = null, string? Model = null,
    RankPairs Pairs = RankPairs.Adjacent, bool Raw = false)
{
    public const string DateFormat = "yyyy-MM-dd";

    public AnnotationFilter Filter => new(
        Blank(Annotator),
        From is { } from ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
        To is { } to ? new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
        Blank(Model));

    /// <summary>"?annotator=…&amp;from=…" with the filters that are set ("" when none).</summary>
    public string QueryString(bool withPairs = false)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) parts.Add($"{name}={Uri.EscapeDataString(value.Trim())}");
        }
        Add("annotator", Annotator);
        Add("from", From?.ToString(DateFormat, CultureInfo.InvariantCulture));
        Add("to", To?.ToString(DateFormat, CultureInfo.InvariantCulture));
        Add("model", Model);
        if (withPairs) Add("pairs", Pairs == RankPairs.All ? "all" : "adjacent");
        if (withPairs && Raw) Add("raw", "true");
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    /// <summary>The query, or the problems keyed by parameter name.</summary>
    public static (ExportQuery? Query, Dictionary<string, string[]> Errors) Parse(string? annotator, string? from, string? to, string? model, string? pairs = null,
        string? raw = null)
    {
        var errors = new Dictionary<string, string[]>();
        var fromDate = Date("from", from, errors);
        var toDate = Date("to", to, errors);
        if (fromDate is { } f && toDate is { } t && t < f) errors["to"] = [$"to ({to}) is before from ({from})"];
        var rankPairs = RankPairs.Adjacent;
        if (!string.IsNullOrWhiteSpace(pairs))
        {
            if (pairs.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)) rankPairs = RankPairs.All;
            else if (!pairs.Trim().Equals("adjacent", StringComparison.OrdinalIgnoreCase)) errors["pairs"] = [$"pairs must be adjacent or all, not '{pairs}'"];
        }
        var keepRaw = false;
        if (!string.IsNullOrWhiteSpace(raw) && !bool.TryParse(raw.Trim(), out keepRaw)) errors["raw"] = [$"raw must be true or false, not '{raw}'"];
        return errors.Count > 0 ? (null, errors) : (new ExportQuery(Blank(annotator), fromDate, toDate, Blank(model), rankPairs, keepRaw), errors);
    }

    private static DateOnly? Date(string name, string? value, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors[name] = [$"{name} must be a date as {DateFormat}, not '{value}'"];
        return null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
