using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search;

namespace RearPlayground.Web.Components.Pages.Playground;

/// <summary>
/// The playground form's values: a mutable <see cref="RunRequest"/> that the inputs bind to. Validation is the API's
/// own (<see cref="RunRequest.Validate"/>), so the page and the HTTP API refuse exactly the same requests.
/// </summary>
public sealed class RunFormModel : IProfileTarget
{
    public const string DefaultModel = "stories260K";
    public static readonly (string Value, string Label)[] Methods = [("greedy", "Greedy"), ("bon", "Best-of-N"), ("guided", "Guided"), ("dvts", "DVTS")];
    // The engine's own lists, so a scorer or aggregation added there shows up here.
    public static IReadOnlyList<string> Scorers => SearchRequest.Scorers;
    public static readonly string[] Aggregations = [.. Enum.GetValues<Aggregation>().Select(a => a.Name())];

    // Defaults are RunRequest's (the API's and the CLI's), so a run from the page means what it means elsewhere.
    public string? Model { get; set; }
    public string Method { get; set; } = "bon";
    public string Scorer { get; set; } = "rear";
    public string Question { get; set; } = "";
    public string Preference { get; set; } = "";
    /// <summary>A run's system prompt (a batch item's), kept when its run is opened here again; the form has no field for it.</summary>
    public string? System { get; set; }
    public double Lambda { get; set; } = 20;
    /// <summary>λ_g: the guided method's strength (null shows and sends its default, 3); for bon and dvts null is plain sampling.</summary>
    public double? Guidance { get; set; }
    public double Gamma { get; set; } = 1;
    public string Agg { get; set; } = "mean";
    public int N { get; set; } = 16;
    public int M { get; set; } = 4;
    public int MaxTokens { get; set; } = 128;
    public double Temperature { get; set; } = 1;
    public double TopP { get; set; } = 1;
    public int TopK { get; set; }
    public long Seed { get; set; }
    public bool SampleWithPreference { get; set; } = true;
    /// <summary>Add the greedy baseline beside the N; sent only where the method samples (a greedy run is that baseline).</summary>
    public bool IncludeGreedy { get; set; }
    public bool ScoreEos { get; set; } = true;
    public string Separator { get; set; } = "\n";
    /// <summary>A number: every DVTS step is that many tokens. Null with <see cref="Stop"/> null: the model's default step rule.</summary>
    public int? StepTokens { get; set; }
    /// <summary>The DVTS stop string; null: the model's default (with <see cref="StepTokens"/> null) or "\n\n".</summary>
    public string? Stop { get; set; }
    public int MaxSteps { get; set; } = 40;
    public string? Device { get; set; }
    /// <summary>One of the model's ONNX files (q4, fp16 …); null or empty: the device's default.</summary>
    public string? Variant { get; set; }

    /// <summary>The scorer profile picked (its values were copied into λ, γ, aggregation and EOS); null: none.</summary>
    public ScorerProfile? SelectedProfile { get; set; }

    /// <summary>Copies the profile's values into the form (null: keeps the values, drops the profile).</summary>
    public void ApplyProfile(ScorerProfile? profile)
    {
        SelectedProfile = profile;
        if (profile is null) return;
        (Lambda, Gamma, Agg, ScoreEos) = (profile.Lambda, profile.Gamma, profile.Aggregation, profile.ScoreEos);
    }

    /// <summary>The picked profile's name while λ, γ, aggregation and EOS are still its values; an edit makes the run "custom".</summary>
    public string? ProfileInUse => SelectedProfile is { } p && p.Lambda == Lambda && p.Gamma == Gamma
        && string.Equals(p.Aggregation, Agg, StringComparison.OrdinalIgnoreCase) && p.ScoreEos == ScoreEos ? p.Name : null;

    public bool UsesSampling => Method != "greedy";
    public bool IsDvts => Method == "dvts";
    public bool IsGuided => Method == "guided";
    public double GuidanceOrDefault => Guidance ?? Worker.Engine.Sampling.GuidanceMix.DefaultGuidance;

    public RunRequest ToRequest() => new()
    {
        Model = Model, Method = Method, Scorer = Scorer, Question = Question,
        // An empty preference box means "no preference", as an absent field does in the API.
        Preference = string.IsNullOrEmpty(Preference) ? null : Preference, System = System,
        Lambda = Lambda, Gamma = Gamma, Agg = Agg, N = N,
        Guidance = IsGuided ? GuidanceOrDefault : UsesSampling ? Guidance : null, M = M, MaxTokens = MaxTokens,
        Temperature = Temperature, TopP = TopP, TopK = TopK, Seed = Seed,
        SampleWithPreference = SampleWithPreference, ScoreEos = ScoreEos, Separator = Separator,
        StepTokens = StepTokens, Stop = Stop, MaxSteps = MaxSteps, Device = Device,
        Variant = string.IsNullOrWhiteSpace(Variant) ? null : Variant, IncludeGreedy = IncludeGreedy && UsesSampling, Profile = ProfileInUse,
    };

    public static RunFormModel From(RunRequest r) => new()
    {
        Model = r.Model, Method = r.Method?.Trim().ToLowerInvariant() ?? "bon", Scorer = r.Scorer, Question = r.Question ?? "",
        Preference = r.Preference ?? "", System = r.SystemPrompt(), Lambda = r.Lambda, Guidance = r.Guidance, Gamma = r.Gamma, Agg = r.Agg, N = r.N, M = r.M, MaxTokens = r.MaxTokens,
        Temperature = r.Temperature, TopP = r.TopP, TopK = r.TopK, Seed = r.Seed,
        SampleWithPreference = r.SampleWithPreference, ScoreEos = r.ScoreEos, Separator = r.Separator,
        StepTokens = r.StepTokens, Stop = r.Stop, MaxSteps = r.MaxSteps, Device = r.Device, Variant = r.Variant,
        IncludeGreedy = r.IncludeGreedy,
        // A stored run's profile with the values it ran with: a re-run from it records the profile again.
        SelectedProfile = r.Profile is { } name ? new ScorerProfile(name, r.Lambda, r.Gamma, r.Agg, r.ScoreEos) : null,
    };

    /// <summary>Field key (the API's camelCase name) → messages; empty when the request may be submitted.</summary>
    public IReadOnlyDictionary<string, string[]> Validate(RunLimits limits) => ToRequest().Validate(limits);

    /// <summary>The M values DVTS accepts for this N: its divisors within the limit (N = 12 → 1, 2, 3, 4, 6, 12).</summary>
    public static IReadOnlyList<int> Divisors(int n, int maxM) =>
        n < 1 ? [] : [.. Enumerable.Range(1, Math.Min(n, maxM)).Where(d => n % d == 0)];

    /// <summary>The fields this method's form shows (the API's keys); the rest keep their values but are not asked for.</summary>
    public IReadOnlySet<string> VisibleFields()
    {
        var fields = new HashSet<string> { "model", "variant", "method", "scorer", "question", "preference", "lambda", "gamma", "agg", "maxTokens",
            "sampleWithPreference", "scoreEos", "separator" };
        if (UsesSampling) fields.UnionWith(["n", "temperature", "topP", "topK", "seed", "includeGreedy", "guidance"]);
        if (IsDvts) fields.UnionWith(["m", "stepTokens", "stop", "maxSteps"]);
        return fields;
    }
}
