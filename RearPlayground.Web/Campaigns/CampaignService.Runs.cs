using RearPlayground.Data.Campaigns;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Campaigns.Statistics;
using RearPlayground.Web.Runs;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Web.Campaigns;

/// <summary>A run that cannot be judged in a campaign, and why (History says so before the dialog opens).</summary>
public sealed record LeftOutRun(Guid RunId, string Question, string Reason);

/// <summary>The runs a campaign can take, in the order given, and those it cannot.</summary>
public sealed record RunsChecked(IReadOnlyList<Guid> Eligible, IReadOnlyList<LeftOutRun> LeftOut);

/// <summary>
/// The runs of a campaign: which runs can be judged (finished successfully, two candidates or more), the items they become
/// (one per run for best and rank, the run's pair design for pairs), and adding runs to an open campaign.
/// </summary>
public sealed partial class CampaignService
{
    public const string NotFinished = "not finished successfully", TooFewCandidates = "fewer than two candidates", Missing = "no longer exists";

    /// <summary>Sorts runs into those a campaign can take and those it cannot, with the reason for each.</summary>
    public async Task<RunsChecked> CheckRunsAsync(IEnumerable<Guid> runIds, CancellationToken ct)
    {
        var ids = runIds.Distinct().ToList();
        var facts = await store.RunFactsAsync(ids, ct);
        List<Guid> eligible = [];
        List<LeftOutRun> leftOut = [];
        foreach (var runId in ids)
        {
            var fact = facts.GetValueOrDefault(runId);
            if (Reason(fact) is not { } reason) eligible.Add(runId);
            else leftOut.Add(new LeftOutRun(runId, fact?.Question ?? "", reason));
        }
        return new RunsChecked(eligible, leftOut);
    }

    // A guided run of one sample is kept: a guided arena takes it as the guided side (other tasks still refuse it, by name).
    private static string? Reason(RunFacts? run) =>
        run is null ? Missing : run.Status != RunStatus.Succeeded ? NotFinished
            : run.Candidates < 2 && !(run.Method == "guided" && run.Candidates == 1) ? TooFewCandidates : null;

    /// <summary>
    /// The items of <paramref name="runIds"/> for a campaign of <paramref name="task"/>, or why a run cannot be in it
    /// (<paramref name="present"/>: runs the campaign already has). Pairs: the run's pair design, seeded by the run.
    /// </summary>
    private async Task<CampaignResult<List<CampaignItemEntity>>> ItemsForRunsAsync(IReadOnlyList<Guid> runIds, string task, int? pairsPerRun,
        IReadOnlyList<string>? selectors, IReadOnlySet<Guid> present, CancellationToken ct)
    {
        if (runIds.Count + present.Count > MaxRuns) return Invalid($"a campaign takes at most {MaxRuns} runs");
        if (runIds.GroupBy(r => r).FirstOrDefault(g => g.Count() > 1) is { } duplicate) return Invalid($"run {duplicate.Key} is listed twice");
        var items = new List<CampaignItemEntity>();
        var facts = await store.RunFactsAsync(runIds, ct);
        var arenaRuns = new List<RunEntity>();
        foreach (var runId in runIds)
        {
            if (present.Contains(runId)) return Invalid($"run {runId} is already in this campaign");
            var fact = facts.GetValueOrDefault(runId);
            var reason = Reason(fact);
            if (reason == Missing) return Invalid($"no run {runId}");
            if (reason == NotFinished) return Invalid($"run {runId} has not finished successfully");
            // A guided run of one sample is a whole side of the arena; the arena checks pool sizes where a pool is picked from.
            if (reason == TooFewCandidates || (fact!.Candidates < 2 && (selectors is null || !ArenaSelectors.ByQuestion(selectors))))
                return Invalid($"run {runId} has fewer than two candidates");
            var candidates = fact!.Candidates;
            if (selectors is not null)
            {
                if (await runs.FindAsync(runId, ct) is not { } run) return Invalid($"no run {runId}");
                arenaRuns.Add(run);
            }
            else if (task != CampaignTasks.Pairs) items.Add(new CampaignItemEntity { RunId = runId });
            else
            {
                var budget = Math.Min(pairsPerRun ?? PairDesign.DefaultBudget(candidates), PairDesign.MaxPairs(candidates));
                // Seeded by the run, so the same run gives the same design in every campaign.
                var seed = BitConverter.ToInt32(runId.ToByteArray(), 0);
                items.AddRange(PairDesign.Build(candidates, budget, seed).Select(p => new CampaignItemEntity { RunId = runId, First = p.A, Second = p.B }));
            }
        }
        if (selectors is not null)
        {
            // Arena: one item per pair of selectors, their picks at each run's own settings (ties recorded, never asked); with
            // guided / guided-bon, the runs of one question together, in the order their first run was listed.
            var groups = ArenaSelectors.ByQuestion(selectors)
                ? arenaRuns.GroupBy(r => SameQuestion.Key(r, RunRequest.FromJson(r.RequestJson) ?? new RunRequest())).Select(g => g.ToList())
                : arenaRuns.Select(r => new List<RunEntity> { r });
            foreach (var group in groups)
            {
                var (arena, arenaError) = await ArenaItems.ForQuestionAsync(runs, group, selectors, ct);
                if (arenaError is not null) return CampaignResult<List<CampaignItemEntity>>.Invalid("selectors", arenaError);
                items.AddRange(arena);
            }
        }
        return CampaignResult<List<CampaignItemEntity>>.Of(items);

        static CampaignResult<List<CampaignItemEntity>> Invalid(string message) => CampaignResult<List<CampaignItemEntity>>.Invalid("runIds", message);
    }

    /// <summary>
    /// Adds runs to an open campaign, their items made as at creation (pairs: the campaign's pairs per run). 404 for no
    /// campaign, 409 once closed, 400 naming runIds for a run it cannot take. Answers the number of items added.
    /// </summary>
    public async Task<CampaignResult<int>> AddRunsAsync(long id, IReadOnlyList<Guid>? runIds, CancellationToken ct)
    {
        var campaign = await store.FindAsync(id, ct);
        if (campaign is null) return CampaignResult<int>.Refuse(StatusCodes.Status404NotFound, $"no campaign {id}");
        if (campaign.Status != CampaignTasks.Open) return Closed();
        if (runIds is not { Count: > 0 }) return CampaignResult<int>.Invalid("runIds", "name at least one run to add");
        var present = (await store.RunIdsAsync(id, ct)).ToHashSet();
        var selectors = campaign.Task == CampaignTasks.Arena ? ArenaOutcomes.Selectors(campaign) : null;
        var built = await ItemsForRunsAsync(runIds, campaign.Task, campaign.PairsPerRun, selectors, present, ct);
        if (!built.Ok) return CampaignResult<int>.Invalid(built.Field ?? "runIds", built.Message!);
        var added = await store.AddItemsAsync(id, built.Value!, ct);
        return added.Outcome switch
        {
            AddItemsOutcome.Added => CampaignResult<int>.Of(built.Value!.Count),
            AddItemsOutcome.NotFound => CampaignResult<int>.Refuse(StatusCodes.Status404NotFound, $"no campaign {id}"),
            AddItemsOutcome.Closed => Closed(),
            _ => CampaignResult<int>.Invalid("runIds", $"run {added.RunsPresent[0]} is already in this campaign"),
        };

        CampaignResult<int> Closed() => CampaignResult<int>.Refuse(StatusCodes.Status409Conflict, $"campaign {id} is closed: reopen it to add runs");
    }
}
