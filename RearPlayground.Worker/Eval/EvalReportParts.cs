using System.Text.Json.Serialization;

namespace RearPlayground.Worker.Eval;

// The parts of EvalReportData, in the order the report writes them. Nullable fields marked "older reports" were
// added later: a report stored before them reads back with null.

/// <summary>The settings as they ran (DVTS's step rule resolved for the model).</summary>
public sealed record EvalReportSettings(
    [property: JsonPropertyName("methods")] IReadOnlyList<string> Methods,
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("m")] int M,
    [property: JsonPropertyName("maxTokens")] int MaxTokens,
    [property: JsonPropertyName("lambda")] double Lambda,
    [property: JsonPropertyName("gamma")] double? Gamma, // older reports
    [property: JsonPropertyName("aggregation")] string? Aggregation, // older reports
    [property: JsonPropertyName("stepTokens")] int? StepTokens,
    [property: JsonPropertyName("maxSteps")] int? MaxSteps, // older reports
    [property: JsonPropertyName("stop")] string? Stop,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("separator")] string? Separator, // older reports
    [property: JsonPropertyName("bootstrap")] int Bootstrap,
    [property: JsonPropertyName("limit")] int? Limit)
{
    /// <summary>The guided methods' λ_g; absent when no guided method ran (and in older reports).</summary>
    [JsonPropertyName("guidance")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Guidance { get; init; }
}

/// <summary>A pass rate's bootstrap interval.</summary>
public sealed record EvalInterval(
    [property: JsonPropertyName("lo")] double Lo,
    [property: JsonPropertyName("hi")] double Hi,
    [property: JsonPropertyName("level")] double Level);

/// <summary>One method's aggregate (<see cref="EvalSummary"/>) as the report writes it.</summary>
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

/// <summary>The best method(s) as the report stores them (<see cref="EvalBest"/> with its tie flag and sentence).</summary>
public sealed record EvalBestReport(
    [property: JsonPropertyName("methods")] IReadOnlyList<string> Methods,
    [property: JsonPropertyName("passRate")] double PassRate,
    [property: JsonPropertyName("tie")] bool Tie,
    [property: JsonPropertyName("text")] string Text);

/// <summary>One dataset item (<see cref="EvalItem"/>) with each method's answer, keyed by method name.</summary>
public sealed record EvalItemReport(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("preference")] string Preference,
    [property: JsonPropertyName("mustMention")] IReadOnlyList<string>? MustMention,
    [property: JsonPropertyName("maxWords")] int? MaxWords,
    [property: JsonPropertyName("answers")] Dictionary<string, EvalAnswerReport> Answers);

/// <summary>One method's answer to one item (<see cref="EvalAnswer"/> with its checks flattened).</summary>
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
