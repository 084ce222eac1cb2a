using System.Data;
using Microsoft.EntityFrameworkCore;

namespace RearPlayground.Data.Runs;

/// <summary>GenRM scores, written after the run by the results page's job: all of a run's candidates or none.</summary>
public sealed partial class RunStore
{
    public async Task SetGenRmScoresAsync(Guid runId, IReadOnlyDictionary<int, double> scores, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scores);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var candidates = await db.Candidates.Where(c => c.RunId == runId).ToDictionaryAsync(c => c.Index, cancellationToken);
        foreach (var (index, score) in scores)
        {
            if (!candidates.TryGetValue(index, out var candidate))
                throw new KeyNotFoundException($"Run {runId} has no candidate {index}.");
            candidate.GenRmScore = score;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
