using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Worker.Search;

/// <summary>
/// One question + preference to answer, the search method and its budget, sampling and scoring options.
/// Defaults are the CLI's. Method: greedy | bon | guided | dvts; scorer: rear | likelihood | genrm. DVTS's step rule
/// (<see cref="StepTokens"/>, <see cref="Stop"/>) left null is the model's default (<see cref="Dvts.DefaultStepRule"/>),
/// resolved by <see cref="SearchRunner"/> before the run starts. <see cref="IncludeGreedy"/>: add the greedy baseline
/// (<see cref="GreedyBaseline"/>) beside the pool. <see cref="System"/>: a system prompt in both contexts (<see cref="ContextBuilder"/>).
/// <see cref="Guidance"/> λ_g: draw tokens from both contexts mixed (<see cref="GuidanceMix"/>); null is plain sampling from one
/// context, except for the guided method, whose default is <see cref="GuidanceMix.DefaultGuidance"/> (<see cref="EffectiveGuidance"/>).
/// </summary>
public sealed record SearchRequest(
    string Question,
    string? Preference,
    int N = 16,
    int MaxTokens = 128,
    SamplingOptions? Sampling = null,
    RearOptions? Rear = null,
    long Seed = 0,
    bool SampleWithPreference = true,
    string Separator = "\n",
    bool IgnoreEos = false,
    string Method = "bon",
    string Scorer = "rear",
    int M = 4,
    int? StepTokens = null,
    string? Stop = null,
    int MaxSteps = 40,
    bool IncludeGreedy = false,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? System = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    double? Guidance = null)
{
    public static readonly string[] Methods = ["greedy", "bon", "guided", "dvts"];

    public const string GuidanceRule = "guidance must be a number between -1000000 and 1000000";

    /// <summary>The λ_g tokens are drawn with, or null for plain sampling: the guided method defaults to 3.</summary>
    public double? EffectiveGuidance => Guidance ?? (Method == "guided" ? GuidanceMix.DefaultGuidance : null);
    public static readonly string[] Scorers = ["rear", "likelihood", "genrm"];

    public const string GreedyBaselineRule = "includeGreedy is for bon and dvts: a greedy run's answer is the greedy baseline";

    public SamplingOptions SamplingOrDefault => Sampling ?? new SamplingOptions();
    public RearOptions RearOrDefault => Rear ?? new RearOptions();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Question)) throw new ArgumentException("the question is empty");
        if (!Methods.Contains(Method)) throw new ArgumentException($"unknown method '{Method}': use {string.Join(", ", Methods)}");
        if (!Scorers.Contains(Scorer)) throw new ArgumentException($"unknown scorer '{Scorer}': use {string.Join(", ", Scorers)}");
        if (N < 1) throw new ArgumentException("n must be at least 1");
        if (MaxTokens < 1) throw new ArgumentException("max-tokens must be at least 1");
        if (Method == "dvts")
        {
            if (M < 1) throw new ArgumentException("m (beam width) must be at least 1");
            if (N % M != 0) throw new ArgumentException($"m must divide n: n = {N} is not a multiple of m = {M}");
            if (MaxSteps < 1) throw new ArgumentException("max-steps must be at least 1");
            if (StepTokens is < 1) throw new ArgumentException("step-tokens must be at least 1 when set");
        }
        if (Guidance is { } g && !RearOptions.LambdaOk(g)) throw new ArgumentException(GuidanceRule);
        if (IncludeGreedy && Method == "greedy") throw new ArgumentException(GreedyBaselineRule);
        SamplingOrDefault.Validate();
        RearOrDefault.Validate();
    }
}
