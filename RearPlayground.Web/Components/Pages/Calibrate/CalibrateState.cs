using System.Text.Json.Nodes;
using RearPlayground.Web.Calibration;
using RearPlayground.Web.Profiles;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Web.Components.Pages.Calibrate;

/// <summary>The calibrate page's choices, as the request the API takes, and a fit as the profile it saves.</summary>
public sealed class CalibrateState
{
    public const string Campaign = "campaign", Runs = "runs";
    public static readonly string[] AllAggregations = [.. Enum.GetValues<Aggregation>().Select(a => a.Name())];

    public string Source { get; set; } = Campaign;
    public long? CampaignId { get; set; }
    public IReadOnlyCollection<Guid> RunIds { get; set; } = [];
    public IReadOnlyCollection<string> Aggregations { get; set; } = AllAggregations;

    public bool Ready => Aggregations.Any() && (Source == Campaign ? CampaignId is not null : RunIds.Any());

    public CalibrateRequest ToRequest() => Source == Campaign
        ? new CalibrateRequest(CampaignId: CampaignId, Aggregations: [.. Aggregations])
        : new CalibrateRequest(RunIds: [.. RunIds], Aggregations: [.. Aggregations]);

    public string SuggestedName() => Source == Campaign ? $"campaign-{CampaignId}" : $"runs-{DateTime.UtcNow:yyyyMMdd-HHmm}";

    /// <summary>The fit's λ, aggregation and γ (EOS scored, as the fit assumed), with where it came from and how well it agreed.</summary>
    public ProfileCreate ProfileOf(FitResult fit, string name)
    {
        var source = new JsonObject
        {
            ["fittedOn"] = Source,
            ["agreement"] = fit.Best.Agreement,
            ["heldOut"] = fit.Best.HeldOut,
            ["pairs"] = fit.Best.Pairs,
            ["runs"] = fit.Best.Runs,
            ["lambdaLow"] = fit.Best.LambdaLow,
            ["lambdaHigh"] = fit.Best.LambdaHigh,
        };
        if (Source == Campaign) source["campaignId"] = CampaignId;
        else source["runIds"] = new JsonArray([.. RunIds.Select(id => (JsonNode)id.ToString())]);
        return new ProfileCreate(name.Trim(), fit.Best.Lambda, fit.Best.Gamma, fit.Best.Aggregation.Name(), ScoreEos: true, source);
    }
}
