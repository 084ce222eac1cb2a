using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Selection;

namespace RearPlayground.Web.Runs;

/// <summary>
/// One run of a question as the results page compares it: its kind (guided, guided Best-of-N, Best-of-N-REAR, …), seed,
/// N and λ_g, and its pick: REAR's at the run's own λ, γ and aggregation (the stored pick, so the text matches the arena's).
/// Pick and text are null while it has not succeeded.
/// </summary>
public sealed record QuestionRun(RunEntity Run, string Kind, long Seed, int N, double? Guidance, int? Pick, string? Text, double? Score);

/// <summary>
/// The runs of a run's question (the same model, question, preference and system prompt, as the arena groups them) and
/// the "run the three" requests: Best-of-N-REAR, one guided sample and guided Best-of-N with the same seed, so the three
/// methods meet on the same question. The job queue and the checks are resolved when the three are submitted, so the
/// results view (and its tests) lists runs with the store alone.
/// </summary>
public sealed class QuestionRuns(IRunStore store, IServiceProvider services)
{
    /// <summary>How many runs the panel lists, newest first.</summary>
    public const int MaxShown = 12;

    /// <summary>λ_g of the three when the run had none: the method's default.</summary>
    public const double DefaultGuidance = 3;

    public async Task<IReadOnlyList<QuestionRun>> OfAsync(RunEntity run, CancellationToken ct = default)
    {
        var key = SameQuestion.Key(run, RunService.ReadRequest(run) ?? new RunRequest());
        // History's text search narrows by question; the exact key then keeps the same question only.
        var (found, _) = await store.ListAsync(new RunQuery(PageSize: 100, Model: run.Model, Text: run.Question), ct);
        var same = found.Where(r => SameQuestion.Key(r, RunService.ReadRequest(r) ?? new RunRequest()) == key)
            .OrderByDescending(r => r.Id == run.Id).ThenByDescending(r => r.CreatedAt).Take(MaxShown).ToList();
        var result = new List<QuestionRun>();
        foreach (var r in same) result.Add(await DescribeAsync(r, ct));
        return result;
    }

    private async Task<QuestionRun> DescribeAsync(RunEntity run, CancellationToken ct)
    {
        var request = RunService.ReadRequest(run) ?? new RunRequest();
        int? pick = null;
        string? text = null;
        double? score = null;
        if (run.Status == RunStatus.Succeeded)
        {
            var rows = (await store.CandidatesAsync(run.Id, ct)).Concat(await store.BaselinesAsync(run.Id, ct)).ToList();
            var pool = SelectorPool.From(rows, request.Seed);
            pick = PoolSelectors.Rear(pool, RunPicks.OptionsOf(request));
            var chosen = rows.FirstOrDefault(r => r.Index == pick);
            (text, score) = (chosen?.Text, chosen?.Score);
        }
        return new QuestionRun(run, KindOf(run, request), request.Seed, request.N, request.Guidance, pick, text, score);
    }

    /// <summary>What the results page calls a run's method: the three names the issue compares, the others as they are.</summary>
    public static string KindOf(RunEntity run, RunRequest request) => (run.Method, request.Guidance) switch
    {
        ("guided", _) => "Guided",
        ("bon", not null) => "Guided Best-of-N",
        ("bon", null) when request.Scorer == "rear" => "Best-of-N-REAR",
        ("bon", null) => $"Best-of-N ({request.Scorer})",
        ("dvts", not null) => "Guided DVTS",
        ("dvts", null) => "DVTS",
        _ => run.Method,
    };

    /// <summary>
    /// The three of a request: Best-of-N-REAR (no guidance), one guided sample and guided Best-of-N, each with the same
    /// seed, question, preference, λ and sampling; N of the Best-of-N ones is the run's (16 when it had one sample).
    /// </summary>
    public static IReadOnlyList<RunRequest> Three(RunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var guidance = request.Guidance ?? DefaultGuidance;
        var n = request.N > 1 ? request.N : 16;
        var basis = request with { Scorer = "rear", IncludeGreedy = false, Profile = null };
        return
        [
            basis with { Method = "bon", N = n, Guidance = null },
            basis with { Method = "guided", N = 1, Guidance = guidance },
            basis with { Method = "bon", N = n, Guidance = guidance },
        ];
    }

    /// <summary>Submits the three (each passing the API's checks first, or none is started); the runs, or the first refusal.</summary>
    public async Task<(IReadOnlyList<RunEntity> Runs, string? Error)> RunThreeAsync(RunEntity run, string owner, CancellationToken ct = default)
    {
        if (RunService.ReadRequest(run) is not { } request) return ([], "the run's request cannot be read");
        var (runs, checks) = (services.GetRequiredService<RunService>(), services.GetRequiredService<RunChecks>());
        var three = Three(request);
        foreach (var r in three)
            if (await checks.ValidateAsync(r, ct) is { Count: > 0 } errors)
                return ([], $"{r.Method}: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))}");
        var started = new List<RunEntity>();
        foreach (var r in three) started.Add(await runs.SubmitAsync(r, owner, ct: ct));
        return (started, null);
    }
}
