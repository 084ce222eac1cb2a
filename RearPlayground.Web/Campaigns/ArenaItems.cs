using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Selection;
using RearPlayground.Web.Runs;

namespace RearPlayground.Web.Campaigns;

/// <summary>
/// An arena campaign's items: for each run and each pair of selectors (in the order named), one item holding the two
/// picks (First/Second, FirstSelector/SecondSelector), picked at the run's own λ, γ, aggregation and EOS rule through the
/// Selection code. Picks that are the same candidate make an item with First = Second: a tie recorded without asking anyone.
/// </summary>
public static class ArenaItems
{
    /// <summary>
    /// The selector names, checked: at least two distinct known ones, trimmed and lower-cased, in the order given.
    /// Null and a message when they do not pass.
    /// </summary>
    public static (IReadOnlyList<string>? Names, string? Error) Check(IReadOnlyList<string>? selectors)
    {
        var names = (selectors ?? []).Select(s => s?.Trim().ToLowerInvariant() ?? "").ToList();
        if (names.FirstOrDefault(n => !PoolSelectors.Names.Contains(n)) is { } unknown)
            return (null, $"unknown selector '{unknown}': use {string.Join(", ", PoolSelectors.Names)}");
        if (names.Distinct().Count() != names.Count) return (null, "each selector is named once");
        if (names.Count < 2) return (null, $"an arena needs at least two selectors of {string.Join(", ", PoolSelectors.Names)}");
        return (names, null);
    }

    /// <summary>
    /// The run's items, or why it cannot be in the arena. A selector with nothing to pick refuses the whole campaign rather
    /// than skipping that run's pairs: every selector then meets every other on the same runs, so the win rates compare.
    /// </summary>
    public static async Task<(IReadOnlyList<CampaignItemEntity> Items, string? Error)> ForRunAsync(IRunStore runs, RunEntity run,
        IReadOnlyList<string> selectors, CancellationToken ct)
    {
        var request = RunRequest.FromJson(run.RequestJson) ?? new RunRequest();
        var rows = (await runs.CandidatesAsync(run.Id, ct)).Concat(await runs.BaselinesAsync(run.Id, ct));
        var picks = PoolSelectors.PickAll(SelectorPool.From(rows, request.Seed), RunPicks.OptionsOf(request));
        foreach (var selector in selectors)
            if (picks[selector] is null)
                return ([], selector switch
                {
                    PoolSelectors.GenRmName => $"run {run.Id} has no GenRM scores yet: rank it with GenRM on its results page, or leave genrm out",
                    PoolSelectors.GreedyName => $"run {run.Id} has no greedy baseline (run it with includeGreedy), or leave greedy out",
                    _ => $"run {run.Id} gives no {selector} pick",
                });
        var items = new List<CampaignItemEntity>();
        for (var a = 0; a < selectors.Count; a++)
            for (var b = a + 1; b < selectors.Count; b++)
                items.Add(new CampaignItemEntity
                {
                    RunId = run.Id, First = picks[selectors[a]], Second = picks[selectors[b]],
                    FirstSelector = selectors[a], SecondSelector = selectors[b],
                });
        return (items, null);
    }
}
