using System.Text.Json.Nodes;
using RearPlayground.Data.Campaigns;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Campaigns.Statistics;

namespace RearPlayground.Web.Campaigns;

/// <summary>
/// GET /api/campaigns/{id}/leaderboard. An arena: each selector's wins, losses, ties, win rate and Bradley–Terry strength
/// with 95% bootstrap intervals over runs, and the pairwise matrix. A best, rank or pairs campaign has no selector
/// comparisons (selectors and pairs empty) and answers instead each selector's agreement with the team's answers.
/// </summary>
public sealed partial class CampaignService
{
    public async Task<JsonObject> LeaderboardAsync(CampaignEntity campaign, CancellationToken ct)
    {
        var items = await store.ItemsAsync(campaign.Id, ct);
        var judgments = await store.JudgmentsAsync(campaign.Id, ct);
        if (campaign.Task != CampaignTasks.Arena)
        {
            var agreement = await SelectorAgreementAsync(campaign, ct);
            return new JsonObject
            {
                ["task"] = campaign.Task, ["selectors"] = new JsonArray(), ["pairs"] = new JsonArray(), ["runs"] = agreement.Runs,
                ["agreement"] = new JsonArray([.. agreement.Rows.Select(r => (JsonNode)r.ToJson())]),
            };
        }
        var names = ArenaOutcomes.Selectors(campaign);
        var (results, runIds) = ArenaOutcomes.Of(names, items, judgments);
        var table = ArenaLeaderboard.Compute(names.Count, results);
        return new JsonObject
        {
            ["task"] = campaign.Task,
            ["selectors"] = new JsonArray([.. table.Selectors.Select((s, i) => (JsonNode)new JsonObject
            {
                ["name"] = names[i], ["wins"] = s.Wins, ["losses"] = s.Losses, ["ties"] = s.Ties,
                ["winRate"] = Number(s.WinRate), ["low"] = Number(s.Low), ["high"] = Number(s.High),
                ["strength"] = Number(s.Strength), ["strengthLow"] = Number(s.StrengthLow), ["strengthHigh"] = Number(s.StrengthHigh),
            })]),
            ["pairs"] = new JsonArray([.. table.Pairs.Select(p => (JsonNode)new JsonObject
            {
                ["a"] = names[p.A], ["b"] = names[p.B], ["aWins"] = p.AWins, ["bWins"] = p.BWins, ["ties"] = p.Ties,
            })]),
            ["runs"] = table.Runs,
        };
    }

    // JSON has no NaN: an undefined figure (nothing decided yet) is null.
    internal static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
