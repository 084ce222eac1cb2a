using System.ComponentModel;
using System.Text.Json.Nodes;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Selection;

namespace RearPlayground.Web.Runs;

/// <summary>
/// GET /api/runs/{id}/picks: what each selector picks from the run's stored pool, without the model. REAR's λ, γ and
/// aggregation default to the run's own (its EOS rule always is); likelihood and preference are λ = 0 and 1 at the same γ
/// and aggregation. <c>genrm=compute</c> starts the results page's GenRM rank job when the scores are missing.
/// </summary>
public static class RunPicks
{
    /// <summary>The run's own λ, γ, aggregation and EOS rule: what the picks default to (the arena's picks use them).</summary>
    public static RearOptions OptionsOf(RunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var aggregation = Enum.GetValues<Aggregation>().FirstOrDefault(a => a.Name() == request.Agg.Trim().ToLowerInvariant());
        return new RearOptions(request.Lambda, request.Gamma, aggregation, request.ScoreEos);
    }

    public static async Task<IResult> Get(Guid id, IRunStore store, GenRmRanks genRm, CancellationToken ct,
        [Description("REAR's λ; the run's when left out")] double? lambda = null,
        [Description("REAR's aggregation: mean, sum, min or last; the run's when left out")] string? agg = null,
        [Description("REAR's discount γ in (0, 1]; the run's when left out")] double? gamma = null,
        [Description("compute: start the GenRM rank job when the run has no GenRM scores yet (its pick stays null until it ends)")] string? genrm = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (lambda is { } l && !RearOptions.LambdaOk(l)) errors["lambda"] = [RearOptions.LambdaRule];
        if (gamma is { } g && !RearOptions.GammaOk(g)) errors["gamma"] = [RearOptions.GammaRule];
        Aggregation? aggregation = null;
        if (agg is not null)
        {
            try { aggregation = AggregationParser.Parse(agg); }
            catch (ArgumentException e) { errors["agg"] = [e.Message]; }
        }
        if (genrm is not null && !string.Equals(genrm.Trim(), "compute", StringComparison.OrdinalIgnoreCase))
            errors["genrm"] = [$"unknown genrm '{genrm}': use compute, or leave it out"];
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        if (await store.FindAsync(id, ct) is not { } run) return Results.Problem($"no run {id}", statusCode: StatusCodes.Status404NotFound);
        var request = RunRequest.FromJson(run.RequestJson) ?? new RunRequest();
        var own = OptionsOf(request);
        var options = new RearOptions(lambda ?? own.Lambda, gamma ?? own.Gamma, aggregation ?? own.Aggregation, own.ScoreEos);

        var rows = (await store.CandidatesAsync(id, ct)).Concat(await store.BaselinesAsync(id, ct));
        var pool = SelectorPool.From(rows, request.Seed);
        var picks = PoolSelectors.PickAll(pool, options);
        if (picks.GenRm is null && genrm is not null && run.Status == RunStatus.Succeeded && pool.Candidates.Count > 0) genRm.Start(id);

        var (state, error) = picks.GenRm is null ? genRm.State(id) : (GenRmJobState.Succeeded, null);
        return Results.Ok(new JsonObject
        {
            ["picks"] = new JsonObject(PoolSelectors.Names.Select(n => KeyValuePair.Create(n, (JsonNode?)picks[n]))),
            ["lambda"] = options.Lambda,
            ["gamma"] = options.Gamma,
            ["agg"] = options.Aggregation.Name(),
            ["candidates"] = pool.Candidates.Count,
            ["genrmState"] = state.ToString().ToLowerInvariant(),
            ["genrmError"] = error,
        });
    }
}
