using System.Text.Json;
using System.Text.Json.Serialization;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Engine.Variants;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search;

namespace RearPlayground.Worker.Contracts;

/// <summary>
/// One run as the HTTP API and the job see it. JSON names are the <c>run</c> verb's option names in
/// camelCase, and every optional field defaults to the CLI's default, so a run means the same thing
/// from either side. Required fields are nullable so a missing one is a validation error, not a
/// deserialization failure.
/// </summary>
public sealed record RunRequest
{
    [JsonPropertyName("model")] public string? Model { get; init; }
    [JsonPropertyName("method")] public string? Method { get; init; }
    [JsonPropertyName("question")] public string? Question { get; init; }
    [JsonPropertyName("preference")] public string? Preference { get; init; }
    /// <summary>
    /// A system prompt in both contexts (a dataset item's system column in a batch): the chat template's system message, the
    /// preference after it; plain models get it as text before the rest (<see cref="ContextBuilder"/>). Left out: none.
    /// </summary>
    [JsonPropertyName("system")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? System { get; init; }
    [JsonPropertyName("lambda")] public double Lambda { get; init; } = 20;
    /// <summary>
    /// REAR-guided decoding's λ_g: tokens drawn from (1 − λ_g) · log p0 + λ_g · log pp (<see cref="GuidanceMix"/>). The guided
    /// method's default is 3; bon and dvts draw with guidance only when it is given (left out: plain sampling, as before).
    /// </summary>
    [JsonPropertyName("guidance")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Guidance { get; init; }
    [JsonPropertyName("gamma")] public double Gamma { get; init; } = 1;
    [JsonPropertyName("agg")] public string Agg { get; init; } = "mean";
    [JsonPropertyName("n")] public int N { get; init; } = 16;
    [JsonPropertyName("m")] public int M { get; init; } = 4;
    [JsonPropertyName("maxTokens")] public int MaxTokens { get; init; } = 128;
    [JsonPropertyName("temperature")] public double Temperature { get; init; } = 1;
    [JsonPropertyName("topP")] public double TopP { get; init; } = 1;
    [JsonPropertyName("topK")] public int TopK { get; init; }
    [JsonPropertyName("seed")] public long Seed { get; init; }
    [JsonPropertyName("sampleWithPreference")] public bool SampleWithPreference { get; init; } = true;
    [JsonPropertyName("scoreEos")] public bool ScoreEos { get; init; } = true;
    [JsonPropertyName("separator")] public string Separator { get; init; } = "\n";
    /// <summary>
    /// DVTS's step rule: tokens per step and the stop string. Both left out: the model's default
    /// (<see cref="Search.Dvts.DefaultStepRule"/>), written into the stored request when the run starts.
    /// </summary>
    [JsonPropertyName("stepTokens")] public int? StepTokens { get; init; }
    [JsonPropertyName("stop")] public string? Stop { get; init; }
    [JsonPropertyName("maxSteps")] public int MaxSteps { get; init; } = 40;
    [JsonPropertyName("scorer")] public string Scorer { get; init; } = "rear";
    /// <summary>
    /// Add one greedy decode of the sampler's prompt beside the pool (<see cref="Search.GreedyBaseline"/>): stored as an
    /// extra candidate flagged "greedy", never among the N. For bon and dvts; a greedy run refuses it (it is the baseline).
    /// </summary>
    [JsonPropertyName("includeGreedy")] public bool IncludeGreedy { get; init; }
    /// <summary>auto | cpu | cuda; null = the worker's configured device.</summary>
    [JsonPropertyName("device")] public string? Device { get; init; }
    /// <summary>One of the model folder's ONNX files (model_q4.onnx → "q4"); null = the device's default variant.</summary>
    [JsonPropertyName("variant")] public string? Variant { get; init; }
    /// <summary>
    /// A scorer profile's name: its λ, γ, aggregation and EOS rule fill the request (<see cref="ScorerProfile.Apply"/>, done by
    /// the API, the Playground and the CLI before validation); stored with the values used.
    /// </summary>
    [JsonPropertyName("profile")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Profile { get; init; }

    /// <summary>The stored form (a run's RequestJson), in <see cref="StoredJson.Options"/>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, StoredJson.Options);

    /// <summary>A stored request; null for a "null" document.</summary>
    public static RunRequest? FromJson(string json) => JsonSerializer.Deserialize<RunRequest>(json, StoredJson.Options);

    private static readonly string[] Devices = ["auto", "cpu", "cuda", "gpu"];

    /// <summary>
    /// 0 is greedy. Below 1e-4 the sampler's 1/T overflows a float (NaN probabilities); above 100 every token is
    /// about equally likely, so higher values add nothing.
    /// </summary>
    public const double MinTemperature = 1e-4, MaxTemperature = 100;

    public const string TemperatureRule = "temperature must be 0 (greedy) or between 0.0001 and 100";

    /// <summary>One step per token is the most a run can take; more steps than this would never be reached.</summary>
    public const int MaxMaxSteps = 100_000;

    public static bool TemperatureOk(double t) => t == 0 || (double.IsFinite(t) && t >= MinTemperature && t <= MaxTemperature);

    /// <summary>
    /// Every problem, keyed by the camelCase field name (for a 400 naming each bad field); empty when valid. With
    /// <paramref name="models"/>, a named <see cref="Variant"/> is checked against the model folder's variants.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> Validate(RunLimits limits, ModelLocator? models = null)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        if (string.IsNullOrWhiteSpace(Model)) Add("model", "the model is required");
        if (string.IsNullOrWhiteSpace(Question)) Add("question", "the question is required");
        var method = Normal(Method);
        if (method is null) Add("method", $"the method is required: use {string.Join(", ", SearchRequest.Methods)}");
        else if (!SearchRequest.Methods.Contains(method)) Add("method", $"unknown method '{Method}': use {string.Join(", ", SearchRequest.Methods)}");
        if (!SearchRequest.Scorers.Contains(Normal(Scorer))) Add("scorer", $"unknown scorer '{Scorer}': use {string.Join(", ", SearchRequest.Scorers)}");
        if (!Enum.GetValues<Aggregation>().Select(a => a.Name()).Contains(Normal(Agg))) Add("agg", $"unknown aggregation '{Agg}': use mean, sum, min or last");
        if (Device is not null && !Devices.Contains(Normal(Device))) Add("device", $"unknown device '{Device}': use auto, cpu or cuda");

        // Greedy ignores n (it is always one candidate), as the CLI does.
        if (method != "greedy")
        {
            if (N < 1) Add("n", "n must be at least 1");
            else if (N > limits.MaxN) Add("n", $"n must be at most {limits.MaxN}");
        }
        if (IncludeGreedy && method == "greedy") Add("includeGreedy", SearchRequest.GreedyBaselineRule);
        if (M < 1) Add("m", "m must be at least 1");
        else if (M > limits.MaxM) Add("m", $"m must be at most {limits.MaxM}");
        else if (method == "dvts" && N >= 1 && N % M != 0) Add("m", $"m must divide n: n = {N} is not a multiple of m = {M}");
        if (MaxTokens < 1) Add("maxTokens", "maxTokens must be at least 1");
        else if (MaxTokens > limits.MaxTokens) Add("maxTokens", $"maxTokens must be at most {limits.MaxTokens}");

        CheckText("question", Question, limits, Add);
        CheckText("preference", Preference, limits, Add);
        CheckText("system", System, limits, Add);
        if (Separator is null) Add("separator", "separator must not be null");
        CheckText("separator", Separator, limits, Add);
        CheckText("stop", Stop, limits, Add);

        if (!TemperatureOk(Temperature)) Add("temperature", TemperatureRule);
        if (double.IsNaN(TopP) || TopP <= 0 || TopP > 1) Add("topP", "topP must be in (0, 1]");
        if (TopK < 0) Add("topK", "topK must be ≥ 0 (0 turns it off)");
        if (!RearOptions.GammaOk(Gamma)) Add("gamma", RearOptions.GammaRule);
        if (!RearOptions.LambdaOk(Lambda)) Add("lambda", RearOptions.LambdaRule);
        if (Guidance is { } guidance && !RearOptions.LambdaOk(guidance)) Add("guidance", SearchRequest.GuidanceRule);
        if (StepTokens is < 1) Add("stepTokens", "stepTokens must be at least 1 when set");
        else if (StepTokens > limits.MaxTokens) Add("stepTokens", $"stepTokens must be at most {limits.MaxTokens}");
        if (MaxSteps < 1) Add("maxSteps", "maxSteps must be at least 1");
        else if (MaxSteps > MaxMaxSteps) Add("maxSteps", $"maxSteps must be at most {MaxMaxSteps}");
        if (Variant is not null && VariantProblem(models) is { } problem) Add("variant", problem);
        if (Profile is not null && (string.IsNullOrWhiteSpace(Profile) || Profile.Length > ScorerProfile.MaxNameLength))
            Add("profile", $"profile must be a profile's name (1 to {ScorerProfile.MaxNameLength} characters), or left out");
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    /// <summary>The engine's request, built as the <c>run</c> verb builds it. Call after <see cref="Validate"/>.</summary>
    public SearchRequest ToSearchRequest()
    {
        var method = Normal(Method) ?? throw new InvalidOperationException("the method is required");
        var greedy = method == "greedy";
        return new SearchRequest(
            Question ?? throw new InvalidOperationException("the question is required"), Preference,
            greedy ? 1 : N, MaxTokens,
            greedy ? SamplingOptions.Greedy : new SamplingOptions(Temperature, TopP, TopK),
            new RearOptions(Lambda, Gamma, AggregationParser.Parse(Agg), ScoreEos),
            Seed, SampleWithPreference, Separator,
            Method: method, Scorer: Normal(Scorer)!, M: M, StepTokens: StepTokens, Stop: Stop, MaxSteps: MaxSteps,
            IncludeGreedy: IncludeGreedy, System: SystemPrompt(), Guidance: Guidance);
    }

    /// <summary>The system prompt, or null for an empty or blank one (as an absent field).</summary>
    public string? SystemPrompt() => string.IsNullOrWhiteSpace(System) ? null : System;

    // An unknown model is the job's error (as it always was); an unknown variant of a known one is the request's.
    private string? VariantProblem(ModelLocator? models)
    {
        if (string.IsNullOrWhiteSpace(Variant)) return "variant must not be empty: leave it out for the device's default";
        if (models is null || string.IsNullOrWhiteSpace(Model)) return null;
        string folder;
        try { folder = models.Resolve(Model); }
        catch (ModelLoadException) { return null; }
        var variants = ModelVariants.List(folder);
        return variants.Any(v => ModelVariants.Matches(v, Variant.Trim())) ? null
            : $"unknown variant '{Variant}' for {Model}: use {string.Join(", ", variants.Select(v => v.Name))}";
    }

    /// <summary>The requested device, or <paramref name="fallback"/> when the request names none.</summary>
    public DeviceKind DeviceOr(DeviceKind fallback) => Device is null ? fallback : DeviceKindParser.Parse(Device);

    // Names are matched as the CLI matches them: trimmed, case-insensitive.
    private static string? Normal(string? name) => string.IsNullOrWhiteSpace(name) ? null : name.Trim().ToLowerInvariant();

    private static void CheckText(string field, string? text, RunLimits limits, Action<string, string> add)
    {
        if (text is not null && text.Length > limits.MaxTextLength)
            add(field, $"{field} is {text.Length} characters; at most {limits.MaxTextLength} are allowed");
    }
}
