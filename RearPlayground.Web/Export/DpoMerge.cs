using RearPlayground.Data.Annotations;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Annotations;

namespace RearPlayground.Web.Export;

/// <summary>One (chosen, rejected) judgement as an annotation gives it: one line of the raw export.</summary>
public sealed record DpoJudgement(AnnotationEntity Annotation, int Chosen, int Rejected);

/// <summary>
/// A pair as the merged export writes it, once: the direction most annotators prefer, the judgements that agree,
/// and how many annotators voted each way.
/// </summary>
public sealed record DpoPair(int Chosen, int Rejected, IReadOnlyList<DpoJudgement> Agreeing, IReadOnlyList<string> Annotators,
    int VotesFor, int VotesAgainst);

/// <summary>
/// What the merged DPO export did with the raw judgements: <see cref="Judgements"/> raw lines became
/// <see cref="Pairs"/> lines; <see cref="Merged"/> judgements were folded into a line already written (repeats, and
/// the outvoted side of <see cref="Contested"/> pairs); <see cref="Dropped"/> pairs were left out as ties
/// (<see cref="DroppedJudgements"/> judgements). In raw mode every judgement is a line.
/// </summary>
public sealed record DpoSummary(int Judgements, int Pairs, int Merged, int Contested, int Dropped, int DroppedJudgements, bool Raw)
{
    public static DpoSummary Of(IEnumerable<DpoRunPlan> plans, bool raw)
    {
        int judgements = 0, pairs = 0, contested = 0, dropped = 0, droppedJudgements = 0;
        foreach (var plan in plans)
        {
            judgements += plan.Judgements.Count;
            pairs += plan.Pairs.Count;
            contested += plan.Pairs.Count(p => p.VotesAgainst > 0);
            dropped += plan.Dropped.Count;
            droppedJudgements += plan.Dropped.Sum(d => d.Count);
        }
        return raw
            ? new(judgements, judgements, 0, 0, 0, 0, true)
            : new(judgements, pairs, judgements - pairs - droppedJudgements, contested, dropped, droppedJudgements, false);
    }

    /// <summary>One sentence for the Export page.</summary>
    public string Describe()
    {
        if (Raw) return $"{Count(Judgements, "raw judgement")}, every one kept.";
        var text = $"{Count(Pairs, "DPO pair")} from {Count(Judgements, "judgement")}";
        var notes = new List<string>();
        if (Merged > 0) notes.Add($"{Merged} merged into a pair already written");
        if (Contested > 0) notes.Add($"{Count(Contested, "contested pair")} decided by majority");
        if (Dropped > 0) notes.Add($"{Count(Dropped, "tied pair")} dropped ({Count(DroppedJudgements, "judgement")})");
        return notes.Count == 0 ? text + "." : text + ": " + string.Join("; ", notes) + ".";
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}

/// <summary>One run's judgements, raw and merged.</summary>
public sealed record DpoRunPlan(AnnotatedRun Run, IReadOnlyList<DpoJudgement> Judgements, IReadOnlyList<DpoPair> Pairs,
    IReadOnlyList<IReadOnlyList<DpoJudgement>> Dropped)
{
    /// <summary>
    /// Each unordered pair once. Every annotator counts once per pair, by the sign of their net preference (a best pick
    /// and a rank saying the same thing are one vote; an annotator who contradicts themself abstains); the direction
    /// with more votes is kept, a tied vote drops the pair. Pairs keep the order in which they were first judged.
    /// </summary>
    public static DpoRunPlan For(AnnotatedRun run, RankPairs rankPairs)
    {
        var candidates = run.Candidates.Select(c => c.Index).ToHashSet();
        var judgements = new List<DpoJudgement>();
        foreach (var annotation in run.Annotations)
            foreach (var (chosen, rejected) in DpoExporter.Pairs(annotation, candidates, rankPairs))
                if (candidates.Contains(chosen) && candidates.Contains(rejected))
                    judgements.Add(new DpoJudgement(annotation, chosen, rejected));

        var pairs = new List<DpoPair>();
        var dropped = new List<IReadOnlyList<DpoJudgement>>();
        foreach (var group in judgements.GroupBy(j => CandidatePair.Of(j.Chosen, j.Rejected)))
        {
            // +1: the lower index preferred, −1: the higher; one vote per annotator.
            var votes = group.GroupBy(j => j.Annotation.Annotator, StringComparer.Ordinal)
                .Select(a => (Annotator: a.Key, Vote: Math.Sign(a.Sum(j => j.Chosen == group.Key.Low ? 1 : -1))))
                .Where(v => v.Vote != 0).ToList();
            var total = votes.Sum(v => v.Vote);
            if (total == 0)
            {
                dropped.Add([.. group]);
                continue;
            }
            var (chosen, rejected) = total > 0 ? (group.Key.Low, group.Key.High) : (group.Key.High, group.Key.Low);
            var side = Math.Sign(total);
            pairs.Add(new DpoPair(chosen, rejected, [.. group.Where(j => j.Chosen == chosen)],
                [.. votes.Where(v => v.Vote == side).Select(v => v.Annotator).Order(StringComparer.Ordinal)],
                votes.Count(v => v.Vote == side), votes.Count(v => v.Vote == -side)));
        }
        return new DpoRunPlan(run, judgements, pairs, dropped);
    }
}
