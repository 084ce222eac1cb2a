using RearPlayground.Data.Entities;

namespace RearPlayground.Web.Campaigns;

/// <summary>The dashboard's figures beyond GET /api/campaigns/{id}: median seconds per annotator and items complete.</summary>
public sealed partial class CampaignService
{
    /// <summary>Each annotator's median seconds per judgment (judgments without a time left out), and the items with K judgments.</summary>
    public async Task<(IReadOnlyDictionary<string, double> MedianSeconds, int ItemsComplete)> DashboardAsync(CampaignEntity campaign, CancellationToken ct)
    {
        var judgments = await store.JudgmentsAsync(campaign.Id, ct);
        var medians = judgments.Where(j => j.Seconds is not null).GroupBy(j => j.Annotator)
            .ToDictionary(g => g.Key, g => Median([.. g.Select(j => j.Seconds!.Value)]));
        var complete = judgments.Where(j => !j.Skipped).GroupBy(j => j.ItemId).Count(g => g.Count() >= campaign.ReviewsPerItem);
        return (medians, complete);
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
