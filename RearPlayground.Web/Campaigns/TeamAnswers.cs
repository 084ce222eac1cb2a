using System.Text.Json.Nodes;
using RearPlayground.Data.Campaigns;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Campaigns.Statistics;

namespace RearPlayground.Web.Campaigns;

/// <summary>
/// The team's answer for one item (best, rank) or one run (pairs: all its pair items in one fit), in candidate indices.
/// <see cref="Answer"/>: best → the most picked (more than one when tied); rank and pairs → the Bradley–Terry order, best
/// first, with <see cref="Ranks"/> beside it (equal ranks are a tie). <see cref="Agreement"/>: the share of picks for the
/// answer (best) or of pairwise judgments agreeing with the order (<see cref="OrderAgreement"/>). Skips are no judgment.
/// </summary>
public sealed record TeamAnswer(IReadOnlyList<long> Items, Guid RunId, string Task, IReadOnlyList<int> Answer, IReadOnlyList<int> Ranks,
    double Agreement, int Judgments, bool Tie)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["runId"] = RunId, ["task"] = Task };
        if (Task == CampaignTasks.Pairs) json["items"] = new JsonArray([.. Items.Select(i => (JsonNode)i)]);
        else json["item"] = Items[0];
        json["answer"] = new JsonArray([.. Answer.Select(a => (JsonNode)a)]);
        json["ranks"] = new JsonArray([.. Ranks.Select(r => (JsonNode)r)]);
        json["agreement"] = Agreement;
        json["judgments"] = Judgments;
        json["tie"] = Tie;
        return json;
    }
}

public static class TeamAnswers
{
    /// <summary>
    /// Every answered item (or run, for pairs) with agreement ≥ <paramref name="minimumAgreement"/>, in item order.
    /// Items nobody has judged (or only skipped) have no answer and are left out.
    /// </summary>
    public static IReadOnlyList<TeamAnswer> Of(string task, IReadOnlyDictionary<long, CampaignItemEntity> items,
        IReadOnlyList<CampaignJudgmentEntity> judgments, double minimumAgreement = 0)
    {
        // An arena pair between two runs of a question (guided against Best-of-N) is in no one run's pool: no team answer holds it.
        var judged = judgments.Where(j => !j.Skipped && j.ValueJson is not null && items.ContainsKey(j.ItemId) && !ArenaSides.CrossRun(items[j.ItemId]))
            .Select(j => (Item: items[j.ItemId], Value: JsonNode.Parse(j.ValueJson!)!)).ToList();
        var answers = task switch
        {
            CampaignTasks.Best => judged.GroupBy(j => j.Item.Id).Select(g => Best(g.First().Item, [.. g.Select(j => j.Value["best"]!.GetValue<int>())])),
            CampaignTasks.Rank => judged.GroupBy(j => j.Item.Id).Select(g => Ordered(task, [g.Key], g.First().Item.RunId,
                [.. g.SelectMany(j => RankingComparisons.From([.. j.Value["ranking"]!.AsArray().Select(r => r!.GetValue<int>())]))], g.Count())),
            _ => judged.GroupBy(j => j.Item.RunId).Select(g => Ordered(task, [.. g.Select(j => j.Item.Id).Distinct().Order()], g.Key,
                [.. g.Select(j => PairComparison(j.Item, j.Value))], g.Count())),
        };
        return [.. answers.Where(a => a.Agreement >= minimumAgreement).OrderBy(a => a.Items[0])];
    }

    private static TeamAnswer Best(CampaignItemEntity item, IReadOnlyList<int> picks)
    {
        var majority = Majority.Of(picks);
        // Winners share rank 1; the answer lists them lowest index first so a tie reads the same whatever the pick order.
        var winners = majority.Winners.Order().ToList();
        return new TeamAnswer([item.Id], item.RunId, CampaignTasks.Best, winners, [.. winners.Select(_ => 1)], majority.Agreement, majority.Total, majority.Tied);
    }

    private static Comparison PairComparison(CampaignItemEntity item, JsonNode value)
    {
        var (first, second) = (item.First!.Value, item.Second!.Value);
        if (value["winner"] is JsonValue w && w.TryGetValue<int>(out var winner))
            return Comparison.Win(winner, winner == first ? second : first);
        return Comparison.Draw(first, second);
    }

    /// <summary>One Bradley–Terry fit over the comparisons, candidates mapped to dense positions and back.</summary>
    private static TeamAnswer Ordered(string task, IReadOnlyList<long> items, Guid runId, IReadOnlyList<Comparison> comparisons, int judgments)
    {
        var candidates = comparisons.SelectMany(c => new[] { c.Winner, c.Loser }).Distinct().Order().ToList();
        var position = candidates.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        var dense = comparisons.Select(c => c with { Winner = position[c.Winner], Loser = position[c.Loser] }).ToList();
        var fit = BradleyTerry.Fit(candidates.Count, dense);
        var order = fit.Order.Select(p => candidates[p]).ToList();
        var ranks = fit.Order.Select(p => fit.Ranks[p]).ToList();
        return new TeamAnswer(items, runId, task, order, ranks, OrderAgreement.Of(dense, fit.Ranks), judgments,
            ranks.Distinct().Count() < ranks.Count);
    }
}
