using RearPlayground.Data.Entities;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Events;
using RearPlayground.Worker.Search;

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

    /// <summary>
    /// The pool of an in-process search (the CLI's <c>batch</c>): the rows a stored run of it would have (candidates by index,
    /// finish reasons named as stored, no GenRM scores until a GenRM rank runs), so both give the same pool.
    /// </summary>
    public static SelectorPool From(SearchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var pool = result.Candidates.OrderBy(c => c.Index).Select(c =>
            new StoredCandidate(c.Index, c.Text, c.LogProbsWithout, c.LogProbsWith, EventMapper.Name(c.FinishReason), c.Score)).ToList();
        return new SelectorPool(pool, [.. pool.Select(_ => (double?)null)], result.Greedy?.Index, result.Request?.Seed ?? 0);
    }
}
