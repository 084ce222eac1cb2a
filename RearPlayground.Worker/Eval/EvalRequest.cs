using System.Text.Json;
using System.Text.Json.Serialization;
using RearPlayground.Worker.Eval;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Worker.Eval;

/// <summary>
/// An evaluation's options as the page submits them and the job reads them (the evaluation's SettingsJson):
/// the <c>eval</c> verb's options with its defaults. Mutable so a form can bind to it.
/// </summary>
public sealed record EvalRequest
{
    public const int MaxBootstrap = 100_000;

    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("methods")] public IReadOnlyList<string> Methods { get; set; } = EvalMethods.Default.Split(',');
    [JsonPropertyName("n")] public int N { get; set; } = 16;
    [JsonPropertyName("m")] public int M { get; set; } = 4;
    [JsonPropertyName("maxTokens")] public int MaxTokens { get; set; } = 64;
    [JsonPropertyName("stepTokens")] public int? StepTokens { get; set; }
    [JsonPropertyName("lambda")] public double Lambda { get; set; } = 20;
    /// <summary>The guided methods' λ_g; null: their default (3).</summary>
    [JsonPropertyName("guidance")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Guidance { get; set; }
    [JsonPropertyName("seed")] public long Seed { get; set; }
    [JsonPropertyName("bootstrap")] public int Bootstrap { get; set; } = 2000;
    [JsonPropertyName("limit")] public int? Limit { get; set; }

    /// <summary>Every problem, keyed by the camelCase field name; empty when valid.</summary>
    public IReadOnlyDictionary<string, string[]> Validate(RunLimits limits)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        if (string.IsNullOrWhiteSpace(Model)) Add("model", "the model is required");
        var unknown = (Methods ?? []).Where(m => !EvalMethods.Names.Contains(m)).ToList();
        if (unknown.Count > 0) Add("methods", $"unknown method{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown)}: use {string.Join(", ", EvalMethods.Names)}");
        else if (Methods is not { Count: > 0 }) Add("methods", "pick at least one method");
        var dvts = (Methods ?? []).Any(m => m.StartsWith("dvts", StringComparison.Ordinal));
        if (N < 1) Add("n", "n must be at least 1");
        else if (N > limits.MaxN) Add("n", $"n must be at most {limits.MaxN}");
        if (M < 1) Add("m", "m must be at least 1");
        else if (M > limits.MaxM) Add("m", $"m must be at most {limits.MaxM}");
        else if (dvts && N >= 1 && N % M != 0) Add("m", $"m must divide n: n = {N} is not a multiple of m = {M}");
        if (MaxTokens < 1) Add("maxTokens", "max tokens must be at least 1");
        else if (MaxTokens > limits.MaxTokens) Add("maxTokens", $"max tokens must be at most {limits.MaxTokens}");
        if (StepTokens is < 1) Add("stepTokens", "step tokens must be at least 1 when set");
        if (!double.IsFinite(Lambda)) Add("lambda", "λ must be a finite number");
        else if (!RearOptions.LambdaOk(Lambda)) Add("lambda", "λ must be between -1000000 and 1000000");
        if (Guidance is { } g && !RearOptions.LambdaOk(g)) Add("guidance", SearchRequest.GuidanceRule);
        if (Bootstrap < 1) Add("bootstrap", "bootstrap must be at least 1 resample");
        else if (Bootstrap > MaxBootstrap) Add("bootstrap", $"bootstrap must be at most {MaxBootstrap} resamples");
        if (Limit is < 1) Add("limit", "limit must be at least 1 when set");

        // The eval verb's own check, for anything the fields above do not cover.
        if (errors.Count == 0)
        {
            try { ToSettings("dataset").Validate(); }
            catch (ArgumentException e) { Add("settings", e.Message); }
        }
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    /// <summary>The eval verb's settings. Call after <see cref="Validate"/>.</summary>
    public EvalSettings ToSettings(string datasetName) => new(
        Model ?? throw new InvalidOperationException("the model is required"), datasetName,
        EvalMethods.Parse(string.Join(",", Methods)), N, M, MaxTokens, new RearOptions(Lambda), StepTokens,
        Seed: Seed, BootstrapResamples: Bootstrap, Limit: Limit);

    public string ToJson() => JsonSerializer.Serialize(this, StoredJson.Options);

    /// <exception cref="JsonException">Not an evaluation request.</exception>
    public static EvalRequest FromJson(string json) =>
        JsonSerializer.Deserialize<EvalRequest>(json, StoredJson.Options) ?? throw new JsonException("the evaluation has no settings");
}
