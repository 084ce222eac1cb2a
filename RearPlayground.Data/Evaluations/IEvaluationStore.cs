using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Evaluations;

/// <summary>
/// Evaluations in SQLite. Every method is one short-lived context; state changes are one conditional UPDATE
/// each, so a job and a page racing on the same row never leave it half-written.
/// </summary>
public interface IEvaluationStore
{
    Task CreateAsync(EvaluationEntity evaluation, CancellationToken cancellationToken = default);
    Task<EvaluationEntity?> FindAsync(Guid id, CancellationToken cancellationToken = default);
    Task SetJobIdAsync(Guid id, string jobId, CancellationToken cancellationToken = default);

    /// <summary>Newest first, at most <paramref name="limit"/>, without the dataset text (lists never show it).</summary>
    Task<IReadOnlyList<EvaluationEntity>> ListAsync(int limit = 50, CancellationToken cancellationToken = default);

    /// <summary>Queued → Running with its start time and total; false when it is not Queued (cancelled, or taken already).</summary>
    Task<bool> TryStartAsync(Guid id, int total, CancellationToken cancellationToken = default);

    /// <summary>Progress of a Running evaluation; ignored once it has ended.</summary>
    Task UpdateProgressAsync(Guid id, int done, int total, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends a Queued or Running evaluation with <paramref name="status"/> (terminal), its report (Succeeded: Done
    /// becomes Total) or error. False when it had already ended.
    /// </summary>
    Task<bool> TryFinishAsync(Guid id, RunStatus status, string? resultJson, string? error, CancellationToken cancellationToken = default);

    /// <summary>Marks an evaluation to be cancelled; a Queued one becomes Cancelled at once. False if it already ended.</summary>
    Task<bool> RequestCancelAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Deletes an evaluation that has ended; false when it does not exist or is still queued or running.</summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Start-up: evaluations left Running (or Queued with no live job storage) by a dead process become Interrupted.</summary>
    Task<int> MarkInterruptedAsync(IEnumerable<RunStatus> fromStatuses, CancellationToken cancellationToken = default);
}
