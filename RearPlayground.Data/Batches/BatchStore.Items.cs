using System.Data;
using Microsoft.EntityFrameworkCore;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Batches;

/// <summary>The batch's progress writes: an item's run claimed, an item's outcome, cancel, the end and the report.</summary>
public sealed partial class BatchStore
{
    /// <summary>
    /// Creates <paramref name="run"/> (linked to the batch) and points the item at it, in ONE transaction, provided the
    /// item still points at <paramref name="replacing"/> (null: it has no run yet). A replaced run (one its process never
    /// finished) is deleted in the same transaction, so the batch keeps exactly one run per item. False, and nothing
    /// written, when the item moved on meanwhile (another job claimed it).
    /// </summary>
    public async Task<bool> ClaimAsync(Guid batchId, long datasetItemId, Guid? replacing, RunEntity run, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Id == Guid.Empty) run.Id = Guid.NewGuid();
        if (run.CreatedAt == default) run.CreatedAt = time.GetUtcNow();
        run.BatchId = batchId;
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        var item = await db.BatchItems.SingleOrDefaultAsync(i => i.BatchId == batchId && i.DatasetItemId == datasetItemId, ct);
        if (item is null || item.RunId != replacing) return false;
        if (replacing is { } old)
        {
            // Never a run that may still be going: only ones that ended.
            var ended = await db.Runs.AnyAsync(r => r.Id == old && r.Status != RunStatus.Queued && r.Status != RunStatus.Running, ct);
            if (!ended) return false;
            item.RunId = null;
            await db.SaveChangesAsync(ct);
            await db.Annotations.Where(a => a.RunId == old).ExecuteDeleteAsync(ct);
            await db.Candidates.Where(c => c.RunId == old).ExecuteDeleteAsync(ct);
            await db.TreeNodes.Where(n => n.RunId == old).ExecuteDeleteAsync(ct);
            await db.RunEvents.Where(e => e.RunId == old).ExecuteDeleteAsync(ct);
            await db.Runs.Where(r => r.Id == old).ExecuteDeleteAsync(ct);
        }
        db.Runs.Add(run);
        await db.SaveChangesAsync(ct);
        item.RunId = run.Id;
        item.Status = RunStatus.Running;
        item.Error = null;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>An item's outcome (its run's), with the error when it failed.</summary>
    public async Task SetItemAsync(Guid batchId, long datasetItemId, RunStatus status, string? error, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.BatchItems.Where(i => i.BatchId == batchId && i.DatasetItemId == datasetItemId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, status).SetProperty(i => i.Error, error), ct);
    }

    /// <summary>
    /// Asks the batch to stop. A Queued batch ends Cancelled at once (with its items); a Running one keeps its flag for its
    /// job, which cancels the current run and marks the rest. Null when there is no such batch; false when it had ended.
    /// </summary>
    public async Task<bool?> RequestCancelAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        var batch = await db.Batches.SingleOrDefaultAsync(b => b.Id == id, ct);
        if (batch is null) return null;
        if (batch.Status.IsTerminal()) return false;
        batch.CancelRequested = true;
        if (batch.Status == RunStatus.Queued) End(batch, RunStatus.Cancelled, null);
        await db.SaveChangesAsync(ct);
        if (batch.Status == RunStatus.Cancelled) await CancelRestAsync(db, id, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Ends a live batch with <paramref name="status"/>; items not yet ended become Cancelled when it was cancelled. False
    /// when it had already ended.
    /// </summary>
    public async Task<bool> FinishAsync(Guid id, RunStatus status, string? error, string? reportJson, CancellationToken ct = default)
    {
        if (!status.IsTerminal()) throw new ArgumentOutOfRangeException(nameof(status), status, "Not a terminal status.");
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        var batch = await db.Batches.SingleOrDefaultAsync(b => b.Id == id, ct);
        if (batch is null || batch.Status.IsTerminal()) return false;
        End(batch, status, error);
        batch.ReportJson = reportJson ?? batch.ReportJson;
        await db.SaveChangesAsync(ct);
        if (status != RunStatus.Succeeded) await CancelRestAsync(db, id, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>Stores a (re)computed report.</summary>
    public async Task SetReportAsync(Guid id, string reportJson, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Batches.Where(b => b.Id == id).ExecuteUpdateAsync(s => s.SetProperty(b => b.ReportJson, reportJson), ct);
    }

    private void End(BatchEntity batch, RunStatus status, string? error)
    {
        batch.Status = status;
        batch.Error = error;
        batch.FinishedAt = time.GetUtcNow();
    }

    private static Task<int> CancelRestAsync(RearDbContext db, Guid id, CancellationToken ct) =>
        db.BatchItems.Where(i => i.BatchId == id && (i.Status == RunStatus.Queued || i.Status == RunStatus.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, RunStatus.Cancelled), ct);
}
