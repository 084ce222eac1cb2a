using System.Text.Json;
using System.Text.Json.Nodes;
using RearPlayground.Data.Campaigns;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Campaigns.Statistics;

namespace RearPlayground.Web.Campaigns;

/// <summary>
/// An arena campaign's comparisons, one per item: a recorded tie (the two selectors picked the same candidate) is a tie;
/// a judged item counts once, by the majority of its judgments (skips left out) among "first wins", "second wins" and "tie",
/// a tie when the top is shared. Items nobody has judged yet give nothing. One per item rather than one per judgment, so a
/// recorded tie weighs as much as a judged item whatever K is.
/// </summary>
public static class ArenaOutcomes
{
    /// <summary>The campaign's selector names, in the order it was created with.</summary>
    public static IReadOnlyList<string> Selectors(CampaignEntity campaign) =>
        campaign.SelectorsJson is { } json ? JsonSerializer.Deserialize<string[]>(json) ?? [] : [];

    /// <summary>The comparisons, selectors and runs as indices (runs in the order their first item appears); and the run ids.</summary>
    public static (IReadOnlyList<ArenaResult> Results, IReadOnlyList<Guid> Runs) Of(IReadOnlyList<string> selectors,
        IReadOnlyList<CampaignItemEntity> items, IReadOnlyList<CampaignJudgmentEntity> judgments)
    {
        var selectorIndex = selectors.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
        var byItem = judgments.Where(j => !j.Skipped && j.ValueJson is not null).ToLookup(j => j.ItemId);
        var runs = new List<Guid>();
        var runIndex = new Dictionary<Guid, int>();
        var results = new List<ArenaResult>();
        foreach (var item in items.OrderBy(i => i.Id))
        {
            if (item.FirstSelector is not { } first || item.SecondSelector is not { } second
                || !selectorIndex.TryGetValue(ArenaSides.SelectorOf(first), out var a)
                || !selectorIndex.TryGetValue(ArenaSides.SelectorOf(second), out var b)) continue;
            ArenaOutcome? outcome = CampaignTasks.IsRecordedTie(item) ? ArenaOutcome.Tie : Majority(item, byItem[item.Id]);
            if (outcome is null) continue;
            if (!runIndex.TryGetValue(item.RunId, out var run))
            {
                runIndex[item.RunId] = run = runs.Count;
                runs.Add(item.RunId);
            }
            results.Add(new ArenaResult(run, a, b, outcome.Value));
        }
        return (results, runs);
    }

    private static ArenaOutcome? Majority(CampaignItemEntity item, IEnumerable<CampaignJudgmentEntity> judgments)
    {
        var votes = judgments.Select(j => JsonNode.Parse(j.ValueJson!)!["winner"] is JsonValue w && w.TryGetValue<int>(out var winner)
            ? winner == item.First ? ArenaOutcome.FirstWins : ArenaOutcome.SecondWins
            : ArenaOutcome.Tie).ToList();
        if (votes.Count == 0) return null;
        var majority = Statistics.Majority.Of(votes);
        return majority.Tied ? ArenaOutcome.Tie : majority.Winners[0];
    }
}
