using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RearPlayground.Data.Campaigns;
using RearPlayground.Data.Entities;

namespace RearPlayground.Web.Campaigns;

/// <summary>The campaign's figures (GET /api/campaigns/{id}) and its JSONL export, one line per judgment.</summary>
public sealed partial class CampaignService
{
    /// <summary>The campaign with its counts; a non-admin sees their own progress row only.</summary>
    public async Task<JsonObject> DetailsAsync(CampaignEntity campaign, string caller, bool admin, CancellationToken ct)
    {
        var (items, judgments, progress) = await store.CountsAsync(campaign.Id, ct);
        var details = new JsonObject
        {
            ["id"] = campaign.Id, ["name"] = campaign.Name, ["task"] = campaign.Task, ["guidelines"] = campaign.Guidelines,
            ["reviewsPerItem"] = campaign.ReviewsPerItem, ["status"] = campaign.Status, ["items"] = items, ["judgments"] = judgments,
            ["progress"] = new JsonArray([.. progress.Where(p => admin || p.Annotator == caller)
                .Select(p => (JsonNode)new JsonObject { ["annotator"] = p.Annotator, ["done"] = p.Done, ["assigned"] = p.Assigned })]),
            ["agreement"] = CampaignAgreement.Of(CampaignTasks.JudgedAs(campaign.Task), await store.JudgmentsAsync(campaign.Id, ct)),
        };
        // Admins only: which answers the team split on, most disagreement (1 − agreement share) first.
        if (admin)
            details["disagreement"] = new JsonArray([.. (await AnswersAsync(campaign, 0, ct)).OrderByDescending(a => 1 - a.Agreement).ThenBy(a => a.Items[0])
                .Select(a => { var json = a.ToJson(); json["disagreement"] = 1 - a.Agreement; return (JsonNode)json; })]);
        return details;
    }

    /// <summary>The team's answer per item (per run for pairs) with agreement ≥ <paramref name="minimumAgreement"/>.</summary>
    public async Task<IReadOnlyList<TeamAnswer>> AnswersAsync(CampaignEntity campaign, double minimumAgreement, CancellationToken ct)
    {
        var items = (await store.ItemsAsync(campaign.Id, ct)).ToDictionary(i => i.Id);
        return TeamAnswers.Of(CampaignTasks.JudgedAs(campaign.Task), items, await store.JudgmentsAsync(campaign.Id, ct), minimumAgreement);
    }

    /// <summary>A row of GET /api/campaigns.</summary>
    public static JsonObject Summary(CampaignEntity campaign) => new()
    {
        ["id"] = campaign.Id, ["name"] = campaign.Name, ["task"] = campaign.Task, ["reviewsPerItem"] = campaign.ReviewsPerItem,
        ["status"] = campaign.Status, ["createdBy"] = campaign.CreatedBy, ["createdAt"] = campaign.CreatedAt,
    };

    /// <summary>
    /// One JSON line per judgment: campaign, item, run, annotator, task, the judgment in candidate indices, the order shown,
    /// skip and reason, comment, seconds spent, created (and updated); an arena pair between runs adds <c>sides</c>.
    /// </summary>
    public async Task<string> ExportAsync(CampaignEntity campaign, CancellationToken ct)
    {
        var items = new Dictionary<long, CampaignItemEntity>();
        var text = new StringBuilder();
        foreach (var judgment in await store.JudgmentsAsync(campaign.Id, ct))
        {
            if (!items.TryGetValue(judgment.ItemId, out var item))
                items[judgment.ItemId] = item = (await store.ItemAsync(campaign.Id, judgment.ItemId, ct))!;
            var line = new JsonObject
            {
                ["campaign"] = campaign.Id, ["item"] = judgment.ItemId, ["run"] = item.RunId, ["annotator"] = judgment.Annotator,
                ["task"] = campaign.Task, ["judgment"] = judgment.ValueJson is null ? null : JsonNode.Parse(judgment.ValueJson),
                ["order"] = JsonNode.Parse(judgment.OrderJson), ["skipped"] = judgment.Skipped, ["reason"] = judgment.SkipReason,
                ["comment"] = judgment.Comment, ["seconds"] = judgment.Seconds, ["created"] = judgment.CreatedAt, ["updated"] = judgment.UpdatedAt,
            };
            // An arena pair between runs of a question: which run and candidate each stored index stands for.
            if (ArenaSides.CrossRun(item) && ArenaSides.Of(item) is var (first, second))
                line["sides"] = new JsonArray([.. new[] { (item.First!.Value, first), (item.Second!.Value, second) }.Select(p => (JsonNode)new JsonObject
                {
                    ["key"] = p.Item1, ["selector"] = p.Item2.Selector, ["run"] = p.Item2.RunId, ["index"] = p.Item2.Index,
                })]);
            text.Append(line.ToJsonString(JsonSerializerOptions.Web)).Append('\n');
        }
        return text.ToString();
    }
}
