using RearPlayground.Data.Entities;
using RearPlayground.Data.Evaluations;

namespace RearPlayground.Web.Evaluations;

/// <summary>
/// What the Evaluate pages read: one evaluation, the latest ones. Pages go through this rather than the store (as
/// runs: <see cref="Runs.RunQueries"/>), so its writes stay with <see cref="EvaluationService"/> and the job.
/// </summary>
public sealed class EvaluationQueries(IEvaluationStore store)
{
    public Task<EvaluationEntity?> FindAsync(Guid id, CancellationToken ct = default) => store.FindAsync(id, ct);

    /// <summary>Newest first, at most <paramref name="limit"/>, without the dataset text.</summary>
    public Task<IReadOnlyList<EvaluationEntity>> ListAsync(int limit = 50, CancellationToken ct = default) => store.ListAsync(limit, ct);
}
