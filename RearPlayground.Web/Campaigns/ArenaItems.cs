using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Selection;
using RearPlayground.Web.Runs;

namespace RearPlayground.Web.Campaigns;

/// <summary>
/// An arena campaign's items: for each run (or, with <c>guided</c> / <c>guided-bon</c>, each question's runs) and each pair
/// of selectors (in the order named), one item holding the two picks (First/Second, FirstSelector/SecondSelector), each picked
/// at its run's own λ, γ, aggregation and EOS rule through the Selection code. Picks that are the same candidate (or, from two
/// runs, the same text) make an item with First = Second: a tie recorded without asking anyone. Sides from other runs:
/// <see cref="ArenaSides"/>.
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
        if (names.FirstOrDefault(n => !ArenaSelectors.Names.Contains(n)) is { } unknown)
            return (null, $"unknown selector '{unknown}': use {string.Join(", ", ArenaSelectors.Names)}");
        if (names.Distinct().Count() != names.Count) return (null, "each selector is named once");
        if (names.Count < 2) return (null, $"an arena needs at least two selectors of {string.Join(", ", ArenaSelectors.Names)}");
        return (names, null);
    }

    /// <summary>
    /// The items of one question's runs (one run when every selector is a pool selector), or why they cannot be in the arena.
    /// Each role the selectors need takes exactly one run; a run no selector needs is refused rather than dropped. A
    /// selector with nothing to pick refuses the whole campaign rather than skipping that run's pairs: every selector then
    /// meets every other on the same questions, so the win rates compare.
    /// </summary>
    public static async Task<(IReadOnlyList<CampaignItemEntity> Items, string? Error)> ForQuestionAsync(IRunStore runs,
        IReadOnlyList<RunEntity> group, IReadOnlyList<string> selectors, CancellationToken ct)
    {
        var byRole = new Dictionary<ArenaRole, RunEntity>();
        foreach (var run in group)
        {
            var role = ArenaSelectors.RoleOf(run, RunRequest.FromJson(run.RequestJson) ?? new RunRequest());
            if (!selectors.Any(s => ArenaSelectors.RoleOf(s) == role))
                return ([], $"run {run.Id} is a {ArenaSelectors.Describe(role)}, which none of the selectors picks from");
            if (byRole.TryGetValue(role, out var other))
                return ([], $"runs {other.Id} and {run.Id} of the question '{run.Question}' are each a {ArenaSelectors.Describe(role)}: list one");
            byRole[role] = run;
        }
        var anchor = byRole.GetValueOrDefault(ArenaRole.Plain) ?? group[0];

        var sides = new Dictionary<string, (ArenaSide Side, string Text)>();
        var picksOf = new Dictionary<ArenaRole, (Picks Picks, IReadOnlyDictionary<int, string> Texts)>();
        foreach (var selector in selectors)
        {
            var role = ArenaSelectors.RoleOf(selector);
            if (!byRole.TryGetValue(role, out var run))
                return ([], $"the question '{group[0].Question}' has no {ArenaSelectors.Describe(role)} for {selector}: add one, or leave {selector} out");
            if (!picksOf.TryGetValue(role, out var found))
            {
                var request = RunRequest.FromJson(run.RequestJson) ?? new RunRequest();
                var rows = (await runs.CandidatesAsync(run.Id, ct)).Concat(await runs.BaselinesAsync(run.Id, ct)).ToList();
                if (role == ArenaRole.Plain && rows.Count(r => r.Baseline is null) < 2) return ([], $"run {run.Id} has fewer than two candidates");
                picksOf[role] = found = (PoolSelectors.PickAll(SelectorPool.From(rows, request.Seed), RunPicks.OptionsOf(request)),
                    rows.ToDictionary(r => r.Index, r => r.Text));
            }
            var pick = found.Picks[role == ArenaRole.Plain ? selector : PoolSelectors.RearName];
            if (pick is not { } index)
                return ([], selector switch
                {
                    PoolSelectors.GenRmName => $"run {run.Id} has no GenRM scores yet: rank it with GenRM on its results page, or leave genrm out",
                    PoolSelectors.GreedyName => $"run {run.Id} has no greedy baseline (run it with includeGreedy), or leave greedy out",
                    _ => $"run {run.Id} gives no {selector} pick",
                });
            sides[selector] = (new ArenaSide(selector, run.Id, index), found.Texts[index]);
        }

        var items = new List<CampaignItemEntity>();
        for (var a = 0; a < selectors.Count; a++)
            for (var b = a + 1; b < selectors.Count; b++)
            {
                var (first, second) = (sides[selectors[a]], sides[selectors[b]]);
                var (firstColumn, firstIndex) = ArenaSides.Encode(first.Side, anchor.Id, 1);
                var (secondColumn, secondIndex) = ArenaSides.Encode(second.Side, anchor.Id, 2);
                // Two runs' picks with the same text cannot be told apart: a recorded tie, as one candidate picked twice is.
                if (first.Side.RunId != second.Side.RunId && first.Text == second.Text) secondIndex = firstIndex;
                items.Add(new CampaignItemEntity
                {
                    RunId = anchor.Id, First = firstIndex, Second = secondIndex, FirstSelector = firstColumn, SecondSelector = secondColumn,
                });
            }
        return (items, null);
    }
}
