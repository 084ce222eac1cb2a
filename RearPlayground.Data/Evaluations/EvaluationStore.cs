using Microsoft.EntityFrameworkCore;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Evaluations;

/// <summary>
/// <see cref="IEvaluationStore"/> on SQLite. A singleton: every call takes its own short-lived context, so the job
/// (progress every few hundred milliseconds) and the pages (polling) can call it concurrently.
/// </summary>
public sealed class EvaluationStore(IDbContextFactory<RearDbContext> factory, TimeProvider time) : IEvaluationStore
{
    public const int MaxListSize = 200;
    public const string InterruptedError = "the process running it stopped";

    public async Task CreateAsync(EvaluationEntity evaluation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        if (evaluation.CreatedAt == default) evaluation.CreatedAt = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.Evaluations.Add(evaluation);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<EvaluationEntity?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Evaluations.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
    }

    public async Task SetJobIdAsync(Guid id, string jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Evaluations.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.JobId, jobId), cancellationToken);
    }

    public async Task<IReadOnlyList<EvaluationEntity>> ListAsync(int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Evaluations.AsNoTracking()
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Take(Math.Clamp(limit, 1, MaxListSize))
            .Select(e => new EvaluationEntity
            {
                Id = e.Id, Owner = e.Owner, Model = e.Model, DatasetName = e.DatasetName, DatasetJsonl = "",
                SettingsJson = e.SettingsJson, Status = e.Status, Done = e.Done, Total = e.Total, ResultJson = e.ResultJson,
                Error = e.Error, CreatedAt = e.CreatedAt, StartedAt = e.StartedAt, FinishedAt = e.FinishedAt,
                JobId = e.JobId, CancelRequested = e.CancelRequested,
            })
            .ToListAsync(cancellationToken);
    }

    public async Task<bool> TryStartAsync(Guid id, int total, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Evaluations.Where(e => e.Id == id && e.Status == RunStatus.Queued).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Status, RunStatus.Running)
            .SetProperty(e => e.StartedAt, now)
            .SetProperty(e => e.Done, 0)
            .SetProperty(e => e.Total, total), cancellationToken) > 0;
    }

    public async Task UpdateProgressAsync(Guid id, int done, int total, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Evaluations.Where(e => e.Id == id && e.Status == RunStatus.Running).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Done, done)
            .SetProperty(e => e.Total, total), cancellationToken);
    }

    public async Task<bool> TryFinishAsync(Guid id, RunStatus status, string? resultJson, string? error, CancellationToken cancellationToken = default)
    {
        if (!status.IsTerminal()) throw new ArgumentOutOfRangeException(nameof(status), status, "Not a terminal status.");
        var now = time.GetUtcNow();
        var succeeded = status == RunStatus.Succeeded;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Evaluations.Where(e => e.Id == id && (e.Status == RunStatus.Queued || e.Status == RunStatus.Running))
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, status)
                .SetProperty(e => e.ResultJson, resultJson)
                .SetProperty(e => e.Error, error)
                .SetProperty(e => e.FinishedAt, now)
                .SetProperty(e => e.Done, e => succeeded ? e.Total : e.Done), cancellationToken) > 0;
    }

    public async Task<bool> RequestCancelAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // Nothing is running it yet: cancelled at once (the caller deletes the queued job).
        var queued = await db.Evaluations.Where(e => e.Id == id && e.Status == RunStatus.Queued).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.CancelRequested, true)
            .SetProperty(e => e.Status, RunStatus.Cancelled)
            .SetProperty(e => e.FinishedAt, now), cancellationToken);
        if (queued > 0) return true;
        // Running: the job sees the flag (or its in-process token) and ends itself.
        return await db.Evaluations.Where(e => e.Id == id && e.Status == RunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.CancelRequested, true), cancellationToken) > 0;
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // A live evaluation is cancelled first: its job would otherwise write into a row that is gone.
        return await db.Evaluations.Where(e => e.Id == id && e.Status != RunStatus.Queued && e.Status != RunStatus.Running)
            .ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task<int> MarkInterruptedAsync(IEnumerable<RunStatus> fromStatuses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fromStatuses);
        var statuses = fromStatuses.Where(s => !s.IsTerminal()).Distinct().ToList();
        if (statuses.Count == 0) return 0;
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Evaluations.Where(e => statuses.Contains(e.Status)).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Status, RunStatus.Interrupted)
            .SetProperty(e => e.Error, InterruptedError)
            .SetProperty(e => e.FinishedAt, now), cancellationToken);
    }
}
