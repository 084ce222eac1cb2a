using System.Text.Json.Nodes;
using RearPlayground.Data.Campaigns;
using RearPlayground.Data.Runs;
using RearPlayground.Web.Campaigns;

namespace RearPlayground.Web.Export;

/// <summary>
/// The DPO export of a campaign (<c>?campaign={id}</c>): the team's answers (<see cref="TeamAnswers"/>) instead of
/// personal annotations. best → the team's pick chosen over every other candidate of the run; rank and pairs → each
/// candidate of the Bradley–Terry order over the next one (over each of the next tied group), never within a tie. Items below minAgreement, and best items
/// whose majority is tied, give no line. Each line adds <c>campaign</c>, <c>items</c>, <c>agreement</c> and <c>judgments</c>.
/// Summary: Judgements = the campaign's judgments (skips left out), Pairs = lines, Merged = judgments behind a kept answer,
/// Contested = lines from answers not agreed by everyone, Dropped = answers left out (DroppedJudgements: their judgments).
/// </summary>
public static class CampaignDpo
{
    public sealed record Plan(IReadOnlyList<JsonObject> Records, DpoSummary Summary);

    public static async Task<Plan> BuildAsync(CampaignService campaigns, IRunStore runs, Data.Entities.CampaignEntity campaign,
        double minimumAgreement, CancellationToken ct)
    {
        var all = await campaigns.AnswersAsync(campaign, 0, ct);
        var records = new List<JsonObject>();
        int kept = 0, contested = 0, dropped = 0, droppedJudgments = 0;
        foreach (var answer in all)
        {
            var pairs = answer.Agreement >= minimumAgreement ? Pairs(answer, await runs.CandidatesAsync(answer.RunId, ct)) : [];
            if (pairs.Count == 0)
            {
                dropped++;
                droppedJudgments += answer.Judgments;
                continue;
            }
            kept += answer.Judgments;
            if (answer.Agreement < 1) contested += pairs.Count;
            var run = await runs.FindAsync(answer.RunId, ct) ?? throw new KeyNotFoundException($"No run {answer.RunId}.");
            // Baseline rows too: an arena answer may hold the greedy baseline.
            var candidates = (await runs.CandidatesAsync(answer.RunId, ct)).Concat(await runs.BaselinesAsync(answer.RunId, ct)).ToDictionary(c => c.Index);
            var started = (await runs.EventsAsync(answer.RunId, 0, ct)).FirstOrDefault(e => e.Type == "runStarted")?.PayloadJson;
            var (chat, lambda) = (RunFacts.IsChat(started), RunFacts.Lambda(run));
            foreach (var (chosen, rejected) in pairs)
            {
                var record = DpoExporter.Record(run, candidates[chosen], candidates[rejected], chat, lambda);
                record["campaign"] = campaign.Id;
                record["items"] = new JsonArray([.. answer.Items.Select(i => (JsonNode)i)]);
                record["agreement"] = answer.Agreement;
                record["judgments"] = answer.Judgments;
                records.Add(record);
            }
        }
        return new Plan(records, new DpoSummary(all.Sum(a => a.Judgments), records.Count, kept, contested, dropped, droppedJudgments, false));
    }

    /// <summary>(chosen, rejected) candidate indices an answer gives.</summary>
    public static IReadOnlyList<(int Chosen, int Rejected)> Pairs(TeamAnswer answer, IReadOnlyList<Data.Entities.CandidateEntity> candidates)
    {
        if (answer.Task == CampaignTasks.Best)
            return answer.Tie ? [] : [.. candidates.Select(c => c.Index).Where(c => c != answer.Answer[0]).Order().Select(c => (answer.Answer[0], c))];
        // Rank groups (tied candidates share one) in order: each candidate over each of the next group, none within a group.
        var groups = answer.Answer.Zip(answer.Ranks).GroupBy(p => p.Second).Select(g => g.Select(p => p.First).ToList()).ToList();
        var result = new List<(int, int)>();
        for (var k = 0; k + 1 < groups.Count; k++)
            result.AddRange(groups[k].SelectMany(chosen => groups[k + 1].Select(rejected => (chosen, rejected))));
        return result;
    }

    public static async Task WriteAsync(Stream stream, IReadOnlyList<JsonObject> records, CancellationToken ct)
    {
        await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        foreach (var record in records)
        {
            ct.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(record.ToJsonString(DpoExporter.Json));
        }
    }
}
