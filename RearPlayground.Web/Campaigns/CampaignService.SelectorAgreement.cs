using System.Text.Json.Nodes;
using RearPlayground.Data.Campaigns;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Campaigns.Statistics;
using RearPlayground.Web.Runs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Selection;

namespace RearPlayground.Web.Campaigns;

/// <summary>A selector's agreement with the team, as the leaderboard answers it.</summary>
public sealed record SelectorAgreementRow(string Name, AgreementFigures Figures)
{
    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["top1"] = CampaignService.Number(Figures.Top1), ["top1Low"] = CampaignService.Number(Figures.Top1Low),
        ["top1High"] = CampaignService.Number(Figures.Top1High),
        ["pairwise"] = CampaignService.Number(Figures.Pairwise), ["pairwiseLow"] = CampaignService.Number(Figures.PairwiseLow),
        ["pairwiseHigh"] = CampaignService.Number(Figures.PairwiseHigh),
        ["tau"] = CampaignService.Number(Figures.Tau), ["tauLow"] = CampaignService.Number(Figures.TauLow),
        ["tauHigh"] = CampaignService.Number(Figures.TauHigh), ["runs"] = Figures.Runs,
    };
}

/// <summary>
/// For best, rank and pairs campaigns: each pool selector's agreement with the team's answers (<see cref="SelectorAgreement"/>),
/// at each run's own λ, γ and aggregation. The team's ranks per run: best → the majority's picks first and every other
/// candidate of the pool tied after them; rank and pairs → the Bradley–Terry ranks. The selectors' orders: S_REAR for rear,
/// likelihood (λ = 0) and preference (λ = 1), the run's seeded random order for random (its first is the random pick), the
/// GenRM scores for genrm on the runs that have them. greedy is left out: its answer is outside the pool the team judged.
/// </summary>
public sealed partial class CampaignService
{
    private static readonly string[] AgreementSelectors =
        [PoolSelectors.RearName, PoolSelectors.LikelihoodName, PoolSelectors.PreferenceName, PoolSelectors.RandomName, PoolSelectors.GenRmName];

    public async Task<(IReadOnlyList<SelectorAgreementRow> Rows, int Runs)> SelectorAgreementAsync(CampaignEntity campaign, CancellationToken ct)
    {
        var answers = (await AnswersAsync(campaign, 0, ct)).GroupBy(a => a.RunId).Select(g => g.First()).ToList();
        var runsBySelector = AgreementSelectors.ToDictionary(s => s, _ => new List<AgreementRun>());
        foreach (var answer in answers)
        {
            var run = await runs.FindAsync(answer.RunId, ct);
            if (run is null) continue;
            var request = RunRequest.FromJson(run.RequestJson) ?? new RunRequest();
            var pool = SelectorPool.From(await runs.CandidatesAsync(run.Id, ct), request.Seed);
            if (pool.Candidates.Count == 0) continue;
            var team = answer.Answer.Zip(answer.Ranks).ToDictionary(p => p.First, p => p.Second);
            if (campaign.Task == CampaignTasks.Best)
                foreach (var candidate in pool.Candidates.Where(c => !team.ContainsKey(c.Index))) team[candidate.Index] = 2;
            foreach (var (selector, places) in Orders(pool, RunPicks.OptionsOf(request)))
                runsBySelector[selector].Add(new AgreementRun(team, places));
        }
        return ([.. AgreementSelectors.Where(s => runsBySelector[s].Count > 0)
            .Select(s => new SelectorAgreementRow(s, SelectorAgreement.Of(runsBySelector[s])))], answers.Count);
    }

    /// <summary>Each selector's places (1 = its pick) over the pool's candidate indices; genrm only where every candidate has a score.</summary>
    private static IEnumerable<(string Selector, IReadOnlyDictionary<int, int> Places)> Orders(SelectorPool pool, RearOptions options)
    {
        var indices = pool.Candidates.Select(c => c.Index).ToArray();
        IReadOnlyDictionary<int, int> ByScores(IReadOnlyList<double> scores) =>
            Ranker.Places(scores, indices).Select((place, position) => (place, position)).ToDictionary(x => indices[x.position], x => x.place);
        yield return (PoolSelectors.RearName, ByScores(Ranker.Scores(pool.Candidates, options)));
        yield return (PoolSelectors.LikelihoodName, ByScores(Ranker.Scores(pool.Candidates, options with { Lambda = 0 })));
        yield return (PoolSelectors.PreferenceName, ByScores(Ranker.Scores(pool.Candidates, options with { Lambda = 1 })));
        var random = Ranker.RandomOrder(indices.Length, pool.Seed);
        yield return (PoolSelectors.RandomName, random.Select((position, place) => (position, place)).ToDictionary(x => indices[x.position], x => x.place + 1));
        if (PoolSelectors.GenRm(pool) is not null) yield return (PoolSelectors.GenRmName, ByScores([.. pool.GenRm.Select(s => s!.Value)]));
    }
}
