using System.Text.Json;
using System.Text.Json.Nodes;
using RearPlayground.Data.Campaigns;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Campaigns.Statistics;

namespace RearPlayground.Web.Campaigns;

/// <summary>
/// The campaign's agreement from its judgments (skips left out): Krippendorff's α over all items with a bootstrap 95%
/// interval, nominal for best and pairs, ordinal for rank, and Cohen's κ for each pair of annotators with the items they share.
/// Units: one per item (best: the pick; pairs: the winner, a tie its own category), for rank one per item and candidate
/// (the place it was given).
/// </summary>
public static class CampaignAgreement
{
    public static JsonObject Of(string task, IReadOnlyList<CampaignJudgmentEntity> judgments)
    {
        var values = new Dictionary<string, Dictionary<(long Item, int Candidate), int>>();
        foreach (var judgment in judgments.Where(j => !j.Skipped && j.ValueJson is not null))
        {
            var mine = values.TryGetValue(judgment.Annotator, out var m) ? m : values[judgment.Annotator] = [];
            var value = JsonNode.Parse(judgment.ValueJson!)!;
            if (task == CampaignTasks.Rank)
            {
                var ranking = value["ranking"]!.AsArray().Select(r => r!.GetValue<int>()).ToList();
                for (var place = 0; place < ranking.Count; place++) mine[(judgment.ItemId, ranking[place])] = place;
            }
            else if (task == CampaignTasks.Best) mine[(judgment.ItemId, 0)] = value["best"]!.GetValue<int>();
            // A tie is a category of its own, apart from every candidate index.
            else mine[(judgment.ItemId, 0)] = value["winner"] is JsonValue w && w.TryGetValue<int>(out var winner) ? winner : -1;
        }
        var annotators = values.Keys.Order(StringComparer.Ordinal).ToList();
        var units = values.Values.SelectMany(v => v.Keys).Distinct()
            .Select(unit => (IReadOnlyList<int?>)[.. annotators.Select(a => values[a].TryGetValue(unit, out var v) ? v : (int?)null)]);
        var alpha = AlphaBootstrap.Estimate(units, task == CampaignTasks.Rank ? AlphaLevel.Ordinal : AlphaLevel.Nominal);
        var kappas = CohensKappa.Between(values.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<(long, int), int>)p.Value));
        return new JsonObject
        {
            ["alpha"] = Number(alpha.Alpha), ["low"] = Number(alpha.Low), ["high"] = Number(alpha.High),
            ["pairs"] = new JsonArray([.. kappas.Select(k => (JsonNode)new JsonObject
            {
                ["first"] = k.First, ["second"] = k.Second, ["kappa"] = Number(k.Kappa), ["shared"] = k.Shared,
            })]),
        };
    }

    // JSON has no NaN: an undefined figure (too few judgments) is null.
    private static JsonNode? Number(double? value) => value is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;
}
