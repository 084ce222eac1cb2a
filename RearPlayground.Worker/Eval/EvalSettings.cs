using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Dvts;

namespace RearPlayground.Worker.Eval;

/// <summary>
/// Everything an eval run is configured with; item i of the dataset runs with seed <see cref="Seed"/> + i. DVTS's step
/// rule (<see cref="StepTokens"/>, <see cref="Stop"/>) left null is the model's default, resolved by <see cref="ForModel"/>.
/// <see cref="Guidance"/> is the guided methods' λ_g (null: the guided method's default, 3); the other methods sample as before.
/// </summary>
public sealed record EvalSettings(
    string Model,
    string Dataset,
    IReadOnlyList<EvalMethod> Methods,
    int N = 16,
    int M = 4,
    int MaxTokens = 64,
    RearOptions? Rear = null,
    int? StepTokens = null,
    int MaxSteps = 40,
    long Seed = 0,
    string Separator = "\n",
    string? Stop = null,
    int BootstrapResamples = 2000,
    int? Limit = null,
    double? Guidance = null)
{
    public RearOptions RearOrDefault => Rear ?? new RearOptions();

    /// <summary>The request for one item and run. Greedy's N = 1 and temperature 0 are applied by <see cref="SearchRunner"/>.</summary>
    public SearchRequest Request(EvalItem item, int index, EvalRun run) => new(
        item.Question, item.Preference, N, MaxTokens, Sampling: null, RearOrDefault, Seed + index,
        run.SampleWithPreference, Separator, Method: run.Method, Scorer: run.Scorer, M: M,
        StepTokens: StepTokens, Stop: Stop, MaxSteps: MaxSteps, Guidance: run.Method == "guided" ? Guidance : null);

    /// <summary>The settings with DVTS's step rule resolved for <paramref name="model"/> (as every run resolves it), so the report shows what ran.</summary>
    public EvalSettings ForModel(LanguageModel model)
    {
        if (!Methods.Any(m => m.Run.Method == "dvts")) return this;
        var (stepTokens, stop) = DefaultStepRule.Resolve(model.IsChatModel, MaxTokens, StepTokens, Stop);
        return this with { StepTokens = stepTokens, Stop = stop };
    }

    /// <summary>Checks the options before the model loads, so a bad -m or --limit fails in milliseconds.</summary>
    public void Validate()
    {
        if (Methods.Count == 0) throw new ArgumentException("no methods given");
        if (BootstrapResamples < 1) throw new ArgumentException("bootstrap must be at least 1 resample");
        if (Limit is < 1) throw new ArgumentException("limit must be at least 1");
        var probe = new EvalItem(0, "q", "p", ["x"], null);
        foreach (var run in EvalMethods.Runs(Methods)) Request(probe, 0, run).Validate();
    }
}
