using System.Globalization;
using System.Text.Json;
using RearPlayground.Data.Entities;

namespace RearPlayground.Web.Components.Pages.History;

/// <summary>How a run went, as rows to compare: status, times, counts and timings from the stored JSON.</summary>
public static class RunOutcome
{
    private static readonly (string Key, string Label)[] Counts =
        [("generatedTokens", "generated tokens"), ("scoredPositions", "scored positions"), ("forwardCalls", "forward calls")];
    private static readonly (string Key, string Label)[] Timings =
        [("prefixMs", "prefix"), ("samplingMs", "sampling"), ("scoringMs", "scoring"), ("totalMs", "search total")];

    public static IReadOnlyList<CompareRow> Rows(RunEntity a, RunEntity b, int candidatesA, int candidatesB, DateTimeOffset now)
    {
        var rows = new List<CompareRow>
        {
            new("status", Status(a), Status(b)),
            new("owner", a.Owner, b.Owner),
            new("created (UTC)", Durations.Time(a.CreatedAt), Durations.Time(b.CreatedAt)),
            new("duration", Durations.Format(Duration(a, now)), Durations.Format(Duration(b, now))),
            new("device", a.Device ?? "—", b.Device ?? "—"),
            new("candidates", candidatesA.ToString(CultureInfo.InvariantCulture), candidatesB.ToString(CultureInfo.InvariantCulture)),
        };
        var countsA = Numbers(a.CountsJson);
        var countsB = Numbers(b.CountsJson);
        rows.AddRange(Counts.Select(c => new CompareRow(c.Label, Count(countsA, c.Key), Count(countsB, c.Key))));
        var timesA = Numbers(a.TimingsJson);
        var timesB = Numbers(b.TimingsJson);
        rows.AddRange(Timings.Select(t => new CompareRow(t.Label, Ms(timesA, t.Key), Ms(timesB, t.Key))));
        if (a.Error is not null || b.Error is not null) rows.Add(new("error", a.Error ?? "—", b.Error ?? "—"));
        return rows;
    }

    public static TimeSpan? Duration(RunEntity run, DateTimeOffset now) =>
        run.StartedAt is { } started ? (run.FinishedAt ?? now) - started : null;

    private static string Status(RunEntity run) => run.Status.ToString().ToLowerInvariant();

    private static string Count(IReadOnlyDictionary<string, double> numbers, string key) =>
        numbers.TryGetValue(key, out var v) ? v.ToString("N0", CultureInfo.InvariantCulture) : "—";

    private static string Ms(IReadOnlyDictionary<string, double> numbers, string key) =>
        numbers.TryGetValue(key, out var v) ? Durations.Format(TimeSpan.FromMilliseconds(v)) : "—";

    /// <summary>The top-level numbers of a stored JSON object; nothing when absent or unreadable.</summary>
    public static IReadOnlyDictionary<string, double> Numbers(string? json)
    {
        var numbers = new Dictionary<string, double>();
        if (string.IsNullOrWhiteSpace(json)) return numbers;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return numbers;
            foreach (var p in doc.RootElement.EnumerateObject())
                if (p.Value.ValueKind == JsonValueKind.Number) numbers[p.Name] = p.Value.GetDouble();
        }
        catch (JsonException)
        {
            // A row written by an older version: show what is known.
        }
        return numbers;
    }
}
