using System.Text.Json.Nodes;
using RearPlayground.Data.Annotations;
using RearPlayground.Data.Campaigns;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Web.Annotations;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Web.Calibration;

/// <summary>
/// Human judgments as preference pairs on stored candidates. Runs: every annotator's <c>best</c>, <c>rank</c> and
/// <c>pair</c> annotations (<see cref="PairwisePreferences"/>: an annotator's later judgment of a pair replaces the
/// earlier). A campaign: each judgment's value — best ≻ every other candidate, a ranking's ordered pairs, a pair's winner.
/// Ties and skips say nothing about the order and are left out; a greedy baseline (outside the N) is never a candidate.
/// </summary>
public sealed class CalibrationSources(IRunStore runs, IAnnotationStore annotations, ICampaignStore campaigns)
{
    public async Task<CalibrationRun?> FromAnnotationsAsync(Guid runId, CancellationToken ct)
    {
        if (await runs.FindAsync(runId, ct) is null) return null;
        var pool = await CandidatesAsync(runId, ct);
        var indices = pool.Select(c => c.Index).ToList();
        var pairs = PairwisePreferences.Derive(await annotations.ListAsync(runId, ct), indices)
            .SelectMany(a => a.Value)
            .Where(p => p.Value != PairOutcome.Tie)
            .Select(p => p.Value == PairOutcome.LeftWins ? new PreferencePair(p.Key.Low, p.Key.High) : new PreferencePair(p.Key.High, p.Key.Low))
            .ToList();
        return new CalibrationRun(runId, pool, pairs);
    }

    public async Task<IReadOnlyList<CalibrationRun>> FromCampaignAsync(long campaignId, CancellationToken ct)
    {
        var items = (await campaigns.ItemsAsync(campaignId, ct)).ToDictionary(i => i.Id);
        var byRun = new Dictionary<Guid, List<PreferencePair>>();
        foreach (var j in await campaigns.JudgmentsAsync(campaignId, ct))
        {
            // An arena pair between two runs of a question is in no one run's pool: nothing to calibrate a pool's λ on.
            if (j.Skipped || j.ValueJson is null || !items.TryGetValue(j.ItemId, out var item) || Campaigns.ArenaSides.CrossRun(item)) continue;
            if (!byRun.TryGetValue(item.RunId, out var list)) byRun[item.RunId] = list = [];
            list.AddRange(Pairs(item, JsonNode.Parse(j.ValueJson)));
        }
        var result = new List<CalibrationRun>();
        foreach (var (runId, pairs) in byRun)
        {
            var pool = await CandidatesAsync(runId, ct);
            var indices = pool.Select(c => c.Index).ToHashSet();
            // "best" names one candidate; the others it beat are the run's candidates.
            var expanded = pairs.SelectMany(p => p.Loser == AllOthers
                ? indices.Where(i => i != p.Winner).Order().Select(i => new PreferencePair(p.Winner, i))
                : [p]).ToList();
            result.Add(new CalibrationRun(runId, pool, expanded));
        }
        return result;
    }

    private const int AllOthers = int.MinValue;

    private static IEnumerable<PreferencePair> Pairs(CampaignItemEntity item, JsonNode? value)
    {
        if (value?["best"] is JsonValue best && best.TryGetValue<int>(out var b)) yield return new PreferencePair(b, AllOthers);
        else if (value?["ranking"] is JsonArray ranking)
        {
            var order = ranking.Select(r => r!.GetValue<int>()).ToArray();
            for (var i = 0; i < order.Length; i++)
                for (var k = i + 1; k < order.Length; k++) yield return new PreferencePair(order[i], order[k]);
        }
        else if (value?["winner"] is JsonValue w && w.TryGetValue<int>(out var winner) && item.First is { } first && item.Second is { } second
                 && first != second)
            yield return new PreferencePair(winner, winner == first ? second : first);
    }

    private async Task<IReadOnlyList<IRankable>> CandidatesAsync(Guid runId, CancellationToken ct) =>
        [.. (await runs.CandidatesAsync(runId, ct)).Where(c => c.Baseline is null).OrderBy(c => c.Index).Select(StoredCandidate.From)];
}
