using System.Globalization;

namespace RearPlayground.Web.Export;

/// <summary>RFC 4180: fields separated by commas, records by CRLF; a field with a comma, quote, CR or LF is quoted, quotes doubled.</summary>
public static class Csv
{
    public const string NewLine = "\r\n";

    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
    }

    public static string Line(IEnumerable<string?> fields) => string.Join(",", fields.Select(Field)) + NewLine;

    /// <summary>A number that reads back exactly (shortest round-trip form); "-Infinity" for −∞; "" for none.</summary>
    public static string Number(double? value) => value switch
    {
        null => "",
        double.NegativeInfinity => "-Infinity",
        double.PositiveInfinity => "Infinity",
        { } d => d.ToString("R", CultureInfo.InvariantCulture),
    };
}
