using System.Text.Json.Nodes;
using RearPlayground.Web.Campaigns;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Web.Calibration;

/// <summary>What <c>POST /api/calibrate</c> takes: a campaign or runs (one of the two), the aggregations tried, the folds.</summary>
public sealed record CalibrateRequest(long? CampaignId = null, IReadOnlyList<Guid>? RunIds = null, IReadOnlyList<string>? Aggregations = null,
    int? Folds = null, bool? ScoreEos = null);

/// <summary>Checks a calibration request, reads its judgments and fits λ (<see cref="LambdaFit"/>); the page and the API share it.</summary>
public sealed class CalibrationService(CalibrationSources sources, CampaignService campaigns)
{
    public const int MinFolds = 2, MaxFolds = 20, MaxRuns = 10_000;

    public async Task<CampaignResult<FitResult>> FitAsync(CalibrateRequest request, string caller, bool admin, CancellationToken ct)
    {
        var hasRuns = request.RunIds is { Count: > 0 };
        if (request.CampaignId is null == !hasRuns)
            return Invalid("source", "give either campaignId or runIds (a non-empty list), not both");
        if (request.RunIds is { Count: > MaxRuns }) return Invalid("runIds", $"at most {MaxRuns} runs");
        var folds = request.Folds ?? LambdaFit.DefaultFolds;
        if (folds < MinFolds || folds > MaxFolds) return Invalid("folds", $"folds must be between {MinFolds} and {MaxFolds}");
        var aggregations = new List<Aggregation>();
        foreach (var name in request.Aggregations is { Count: > 0 } a ? a : ["mean", "sum", "min", "last"])
        {
            try { aggregations.Add(AggregationParser.Parse(name ?? "")); }
            catch (ArgumentException e) { return Invalid("aggregations", e.Message); }
        }

        IReadOnlyList<CalibrationRun> runs;
        if (request.CampaignId is { } id)
        {
            var access = await campaigns.AccessAsync(id, caller, admin, ct);
            if (!access.Ok) return CampaignResult<FitResult>.Refuse(access.Status, access.Message!, access.Field);
            runs = await sources.FromCampaignAsync(id, ct);
        }
        else
        {
            var list = new List<CalibrationRun>();
            foreach (var runId in request.RunIds!.Distinct())
            {
                if (await sources.FromAnnotationsAsync(runId, ct) is not { } run) return Invalid("runIds", $"no run {runId}");
                list.Add(run);
            }
            runs = list;
        }
        runs = [.. runs.Where(r => r.Pairs.Count > 0)];
        if (runs.Count == 0)
            return Invalid("judgments", request.CampaignId is not null
                ? "no usable judgments: the campaign has no best, rank or decided pair judgment yet"
                : "no usable judgments: none of these runs has a best, rank or decided pair annotation");
        try
        {
            // Off the caller's thread: a large fit is CPU work (about 0.4 s of CPU for 1,000 runs of 16 candidates, all four aggregations).
            return CampaignResult<FitResult>.Of(await Task.Run(() => LambdaFit.Fit(runs, aggregations.Distinct().ToList(), folds,
                request.ScoreEos ?? true), ct));
        }
        catch (ArgumentException e)
        {
            return Invalid("judgments", e.Message);
        }
    }

    private static CampaignResult<FitResult> Invalid(string field, string message) => CampaignResult<FitResult>.Invalid(field, message);

    /// <summary>The API's answer: <c>{best, curve, atDefault}</c>.</summary>
    public static JsonObject ToJson(FitResult fit) => new()
    {
        ["best"] = new JsonObject
        {
            ["lambda"] = fit.Best.Lambda,
            ["lambdaLow"] = fit.Best.LambdaLow,
            ["lambdaHigh"] = fit.Best.LambdaHigh,
            ["aggregation"] = fit.Best.Aggregation.Name(),
            ["gamma"] = fit.Best.Gamma,
            ["agreement"] = fit.Best.Agreement,
            ["heldOut"] = fit.Best.HeldOut,
            ["heldOutLow"] = fit.Best.HeldOutLow,
            ["heldOutHigh"] = fit.Best.HeldOutHigh,
            ["pairs"] = fit.Best.Pairs,
            ["runs"] = fit.Best.Runs,
        },
        ["curve"] = new JsonArray([.. fit.Curves.Select(c => (JsonNode)new JsonObject
        {
            ["aggregation"] = c.Aggregation.Name(),
            ["gamma"] = c.Gamma,
            ["points"] = new JsonArray([.. c.Points.Select(p => (JsonNode)new JsonObject { ["lambda"] = p.Lambda, ["agreement"] = p.Agreement })]),
        })]),
        ["atDefault"] = new JsonObject
        {
            ["lambda"] = LambdaRange.Default,
            ["agreement"] = fit.DefaultAgreement,
            ["aggregation"] = fit.DefaultAggregation.Name(),
            ["gamma"] = fit.DefaultGamma,
        },
    };
}
