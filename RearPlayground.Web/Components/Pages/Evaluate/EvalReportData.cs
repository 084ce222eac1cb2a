using System.Text.Json;
using System.Text.Json.Serialization;
using RearPlayground.Worker.Eval;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Web.Components.Pages.Evaluate;

/// <summary>
/// The eval verb's JSON report (<c>EvalReport.Serialize</c>, stored as the evaluation's ResultJson) read back
/// for the page: methods in the order they were asked for, then every item with each method's answer.
/// </summary>
public sealed record EvalReportData(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("settings")] EvalReportSettings Settings,
    [property: JsonPropertyName("methods")] Dictionary<string, EvalMethodSummary> Methods,
    [property: JsonPropertyName("items")] IReadOnlyList<EvalItemReport> Items,
    [property: JsonPropertyName("totalMs")] double TotalMs)
{
    /// <summary>The runs' warnings (e.g. DVTS that ended after one step); reports from before warnings have none.</summary>
    [JsonPropertyName("warnings")] public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Method summaries in the order the evaluation listed its methods.</summary>
    public IReadOnlyList<(string Method, EvalMethodSummary Summary)> Ordered =>
        [.. Settings.Methods.Where(Methods.ContainsKey).Select(m => (m, Methods[m]))];

    /// <summary>The highest pass rate and every method that reached it: several are a tie, and no method is best.</summary>
    public EvalBest? Best => EvalBest.Of(Ordered.Select(m => (m.Method, m.Summary.PassRate)));

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

public sealed record EvalReportSettings(
    [property: JsonPropertyName("methods")] IReadOnlyList<string> Methods,
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("m")] int M,
    [property: JsonPropertyName("maxTokens")] int MaxTokens,
    [property: JsonPropertyName("lambda")] double Lambda,
    [property: JsonPropertyName("stepTokens")] int? StepTokens,
    [property: JsonPropertyName("stop")] string? Stop,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("bootstrap")] int Bootstrap,
    [property: JsonPropertyName("limit")] int? Limit);

public sealed record EvalInterval(
    [property: JsonPropertyName("lo")] double Lo,
    [property: JsonPropertyName("hi")] double Hi,
    [property: JsonPropertyName("level")] double Level);

public sealed record EvalMethodSummary(
    [property: JsonPropertyName("run")] string Run,
    [property: JsonPropertyName("scorer")] string Scorer,
    [property: JsonPropertyName("items")] int Items,
    [property: JsonPropertyName("passed")] int Passed,
    [property: JsonPropertyName("passRate")] double PassRate,
    [property: JsonPropertyName("ci")] EvalInterval Ci,
    [property: JsonPropertyName("meanWords")] double MeanWords,
    [property: JsonPropertyName("meanTokens")] double MeanTokens,
    [property: JsonPropertyName("meanScore")] double MeanScore,
    [property: JsonPropertyName("meanRearScore")] double MeanRearScore,
    [property: JsonPropertyName("totalMs")] double TotalMs,
    [property: JsonPropertyName("meanMs")] double MeanMs);

public sealed record EvalItemReport(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("preference")] string Preference,
    [property: JsonPropertyName("mustMention")] IReadOnlyList<string>? MustMention,
    [property: JsonPropertyName("maxWords")] int? MaxWords,
    [property: JsonPropertyName("answers")] Dictionary<string, EvalAnswerReport> Answers);

public sealed record EvalAnswerReport(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("pass")] bool Pass,
    [property: JsonPropertyName("mentioned")] bool? Mentioned,
    [property: JsonPropertyName("mentionedWord")] string? MentionedWord,
    [property: JsonPropertyName("withinWords")] bool? WithinWords,
    [property: JsonPropertyName("words")] int Words,
    [property: JsonPropertyName("tokens")] int Tokens,
    [property: JsonPropertyName("finishReason")] string FinishReason,
    [property: JsonPropertyName("candidate")] int Candidate,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("rearScore")] double RearScore,
    [property: JsonPropertyName("ms")] double Ms);
