using System.Data;
using Microsoft.EntityFrameworkCore;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Batches;

/// <summary>
/// Batches on SQLite, a singleton like the other stores: one short-lived context per call. The writes that must hold
/// together (a batch with its items; an item's run with the item pointing at it) are one IMMEDIATE transaction each, so
/// a crash between them never leaves a run without its item, nor an item with two runs.
/// </summary>
public sealed partial class BatchStore(IDbContextFactory<RearDbContext> factory, TimeProvider time)
{
    public async Task<DatasetEntity?> DatasetAsync(long id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct);
    }

    /// <summary>The datasets a batch can run over, newest first.</summary>
    public async Task<IReadOnlyList<DatasetEntity>> DatasetsAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Datasets.AsNoTracking().OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).ToListAsync(ct);
    }

    /// <summary>The dataset's items at positions [<paramref name="from"/>, from + count), in order; all from <paramref name="from"/> without a count.</summary>
    public async Task<IReadOnlyList<DatasetItemEntity>> DatasetItemsAsync(long datasetId, int from = 0, int? count = null, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var items = db.DatasetItems.AsNoTracking().Where(i => i.DatasetId == datasetId && i.Position >= from).OrderBy(i => i.Position);
        return await (count is { } c ? items.Take(c) : items).ToListAsync(ct);
    }

    /// <summary>The dataset items of a batch, by id.</summary>
    public async Task<IReadOnlyDictionary<long, DatasetItemEntity>> BatchDatasetItemsAsync(Guid batchId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.BatchItems.AsNoTracking().Where(b => b.BatchId == batchId)
            .Join(db.DatasetItems, b => b.DatasetItemId, d => d.Id, (b, d) => d)
            .ToDictionaryAsync(d => d.Id, ct);
    }

    /// <summary>
    /// Stores the batch and one Queued item per dataset item in its range (Position order), in one transaction; returns
    /// how many items it has (0: nothing stored, the range is empty).
    /// </summary>
    public async Task<int> CreateAsync(BatchEntity batch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
        var items = db.DatasetItems.AsNoTracking().Where(i => i.DatasetId == batch.DatasetId && i.Position >= (batch.RangeFrom ?? 0))
            .OrderBy(i => i.Position).Select(i => i.Id);
        var ids = await (batch.RangeCount is { } count ? items.Take(count) : items).ToListAsync(ct);
        if (ids.Count == 0) return 0;
        if (batch.Id == Guid.Empty) batch.Id = Guid.NewGuid();
        if (batch.CreatedAt == default) batch.CreatedAt = time.GetUtcNow();
        batch.Status = RunStatus.Queued;
        batch.Total = ids.Count;
        db.Batches.Add(batch);
        db.BatchItems.AddRange(ids.Select((id, position) => new BatchItemEntity
            { BatchId = batch.Id, DatasetItemId = id, Position = position, Status = RunStatus.Queued }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return ids.Count;
    }

    public async Task<BatchEntity?> FindAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Batches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct);
    }

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<BatchEntity>> ListAsync(int take = 200, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Batches.AsNoTracking().OrderByDescending(b => b.CreatedAt).Take(take).ToListAsync(ct);
    }

    /// <summary>The batch's items in Position order.</summary>
    public async Task<IReadOnlyList<BatchItemEntity>> ItemsAsync(Guid batchId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.BatchItems.AsNoTracking().Where(i => i.BatchId == batchId).OrderBy(i => i.Position).ToListAsync(ct);
    }

    /// <summary>The runs linked to the batch (<see cref="RunEntity.BatchId"/>).</summary>
    public async Task<IReadOnlyList<RunEntity>> RunsAsync(Guid batchId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking().Where(r => r.BatchId == batchId).ToListAsync(ct);
    }

    /// <summary>Batches a dead process may have left unfinished (Running, and Queued when the job queue died with it).</summary>
    public async Task<IReadOnlyList<BatchEntity>> UnfinishedAsync(bool withQueued, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Batches.AsNoTracking()
            .Where(b => b.Status == RunStatus.Running || (withQueued && b.Status == RunStatus.Queued)).ToListAsync(ct);
    }

    public async Task SetJobIdAsync(Guid id, string jobId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Batches.Where(b => b.Id == id).ExecuteUpdateAsync(s => s.SetProperty(b => b.JobId, jobId), ct);
    }

    /// <summary>Queued → Running (or already Running: a resume). False when the batch has ended or is missing.</summary>
    public async Task<bool> TryStartAsync(Guid id, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Batches.Where(b => b.Id == id && b.Status == RunStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, RunStatus.Running).SetProperty(b => b.StartedAt, now), ct);
        return await db.Batches.AnyAsync(b => b.Id == id && b.Status == RunStatus.Running, ct);
    }

    /// <summary>Per batch, its items counted by status.</summary>
    public async Task<IReadOnlyDictionary<Guid, BatchProgress>> ProgressAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        var list = ids.Distinct().ToList();
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.BatchItems.AsNoTracking().Where(i => list.Contains(i.BatchId))
            .GroupBy(i => new { i.BatchId, i.Status }).Select(g => new { g.Key.BatchId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        return list.ToDictionary(id => id, id =>
        {
            int Count(RunStatus s) => rows.Where(r => r.BatchId == id && r.Status == s).Sum(r => r.Count);
            return new BatchProgress(Count(RunStatus.Succeeded), Count(RunStatus.Failed), Count(RunStatus.Cancelled),
                Count(RunStatus.Running) + Count(RunStatus.Queued) + Count(RunStatus.Interrupted));
        });
    }
}

/// <summary>A batch's items by outcome; <see cref="Done"/> counts the items whose run ended on its own (succeeded or failed).</summary>
public sealed record BatchProgress(int Succeeded, int Failed, int Cancelled, int Pending)
{
    public int Done => Succeeded + Failed;
}
