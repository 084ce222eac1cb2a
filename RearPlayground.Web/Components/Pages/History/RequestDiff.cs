using System.Globalization;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Web.Components.Pages.History;

/// <summary>One compared value: the two runs' values as shown (null where that run's request is unreadable).</summary>
public sealed record CompareRow(string Name, string? A, string? B)
{
    public bool Differs => !string.Equals(A, B, StringComparison.Ordinal);
}

/// <summary>The settings of two runs' requests side by side, in the playground's order, marking those that differ.</summary>
public static class RequestDiff
{
    private static readonly (string Name, Func<RunRequest, string?> Value)[] Fields =
    [
        ("model", r => r.Model),
        ("method", r => r.Method),
        ("scorer", r => r.Scorer),
        ("λ", r => Number(r.Lambda)),
        ("γ", r => Number(r.Gamma)),
        ("aggregation", r => r.Agg),
        ("N", r => Number(r.N)),
        ("M", r => Number(r.M)),
        ("max tokens", r => Number(r.MaxTokens)),
        ("step tokens", r => r.StepTokens is { } s ? Number(s) : "—"),
        ("max steps", r => Number(r.MaxSteps)),
        ("stop", r => Visible(r.Stop)),
        ("temperature", r => Number(r.Temperature)),
        ("top-p", r => Number(r.TopP)),
        ("top-k", r => Number(r.TopK)),
        ("seed", r => Number(r.Seed)),
        ("sample with preference", r => r.SampleWithPreference ? "yes" : "no"),
        ("score EOS", r => r.ScoreEos ? "yes" : "no"),
        ("separator", r => Visible(r.Separator)),
        ("device", r => r.Device ?? "default"),
    ];

    public static IReadOnlyList<CompareRow> Settings(RunRequest? a, RunRequest? b) =>
        [.. Fields.Select(f => new CompareRow(f.Name, a is null ? null : f.Value(a), b is null ? null : f.Value(b)))];

    private static string Number(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Separators and stop strings are mostly whitespace: shown escaped so they can be told apart.</summary>
    public static string Visible(string? text)
    {
        if (text is null) return "—";
        if (text.Length == 0) return "(empty)";
        var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
        return string.Concat(escaped.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
