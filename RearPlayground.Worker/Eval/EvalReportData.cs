using System.Text.Json;
using System.Text.Json.Serialization;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Worker.Eval;

/// <summary>
/// The eval verb's JSON report (the <c>--json</c> contract, stored as an evaluation's ResultJson), declared once:
/// <see cref="EvalReport.Serialize"/> writes it and the evaluation page reads it back. Fields added after the first
/// reports were stored (best, warnings, γ, aggregation, max steps, separator) are optional when read.
/// </summary>
public sealed record EvalReportData(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("settings")] EvalReportSettings Settings,
    [property: JsonPropertyName("methods")] Dictionary<string, EvalMethodSummary> Methods,
    [property: JsonPropertyName("best")] EvalBestReport? StoredBest)
{
    /// <summary>The runs' warnings (e.g. DVTS that ended after one step); reports from before warnings have none.</summary>
    [JsonPropertyName("warnings")] public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Every item with each method's answer, in dataset order.</summary>
    [JsonPropertyName("items")] public IReadOnlyList<EvalItemReport> Items { get; init; } = [];

    [JsonPropertyName("totalMs")] public double TotalMs { get; init; }

    /// <summary>Method summaries in the order the evaluation listed its methods.</summary>
    [JsonIgnore]
    public IReadOnlyList<(string Method, EvalMethodSummary Summary)> Ordered =>
        [.. Settings.Methods.Where(Methods.ContainsKey).Select(m => (m, Methods[m]))];

    /// <summary>
    /// The highest pass rate and every method that reached it (several are a tie, and no method is best), worked out
    /// from the summaries so reports stored before <see cref="StoredBest"/> existed have one too.
    /// </summary>
    [JsonIgnore]
    public EvalBest? Best => EvalBest.Of(Ordered.Select(m => (m.Method, m.Summary.PassRate)));

    public string ToJson() => JsonSerializer.Serialize(this, StoredJson.Options);

    public static EvalReportData Parse(string json) =>
        JsonSerializer.Deserialize<EvalReportData>(json, StoredJson.Options) ?? throw new JsonException("an empty report");

    /// <summary>For lists: the best method(s) and their pass rate, or null when there is no (readable) report.</summary>
    public static EvalBest? BestOf(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            return Parse(json).Best;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
