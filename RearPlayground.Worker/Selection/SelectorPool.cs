using RearPlayground.Data.Entities;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Worker.Selection;

/// <summary>
/// What the selectors read of a finished run: its pool (the N sampled candidates, by index), their GenRM scores where the
/// GenRM rank has run, the greedy baseline's index when the run has one, and the run's seed.
/// </summary>
public sealed record SelectorPool(IReadOnlyList<StoredCandidate> Candidates, IReadOnlyList<double?> GenRm, int? Greedy, long Seed)
{
    /// <summary>The pool of a run's stored rows: a baseline row (<see cref="CandidateEntity.Baseline"/>) is never in it.</summary>
    public static SelectorPool From(IEnumerable<CandidateEntity> rows, long seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var all = rows.ToList();
        var pool = all.Where(r => r.Baseline is null).OrderBy(r => r.Index).ToList();
        var greedy = all.FirstOrDefault(r => r.Baseline == Baselines.Greedy)?.Index;
        return new SelectorPool([.. pool.Select(StoredCandidate.From)], [.. pool.Select(r => r.GenRmScore)], greedy, seed);
    }
}
