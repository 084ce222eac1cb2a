using Microsoft.EntityFrameworkCore;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Sqlite;

namespace RearPlayground.Data.Datasets;

/// <summary><see cref="IDatasetStore"/> on SQLite; items go in with multi-row INSERTs (<see cref="RowInserter"/>), a chunk at a time.</summary>
public sealed class DatasetStore(IDbContextFactory<RearDbContext> factory, TimeProvider time) : IDatasetStore
{
    /// <summary>Items buffered before an INSERT: bounds the memory an import holds, whatever the file's size.</summary>
    public const int Chunk = 2000;
    public const int MaxList = 500;

    public async Task<DatasetEntity> ImportAsync(DatasetEntity dataset, IAsyncEnumerable<DatasetItemEntity> items, Action<DatasetEntity> complete,
        CancellationToken cancellationToken = default)
    {
        if (dataset.CreatedAt == default) dataset.CreatedAt = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync(cancellationToken);
        var chunk = new List<DatasetItemEntity>(Chunk);
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            item.DatasetId = dataset.Id;
            chunk.Add(item);
            if (chunk.Count < Chunk) continue;
            await RowInserter.InsertAsync(db, chunk, cancellationToken);
            chunk.Clear();
        }
        await RowInserter.InsertAsync(db, chunk, cancellationToken);
        complete(dataset);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return dataset;
    }

    public async Task<IReadOnlyList<DatasetEntity>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // Newest first: ids follow creation.
        return await db.Datasets.AsNoTracking().OrderByDescending(d => d.Id).Take(MaxList).ToListAsync(cancellationToken);
    }

    public async Task<DatasetEntity?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<DatasetItemEntity>> ItemsAsync(long id, int from, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.DatasetItems.AsNoTracking().Where(i => i.DatasetId == id && i.Position >= from)
            .OrderBy(i => i.Position).Take(Math.Max(0, take)).ToListAsync(cancellationToken);
    }

    public async Task<DatasetDeleteResult> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await db.Datasets.AnyAsync(d => d.Id == id, cancellationToken)) return DatasetDeleteResult.NotFound;
        if (await db.Batches.AnyAsync(b => b.DatasetId == id, cancellationToken)) return DatasetDeleteResult.InUse;
        // Items first in one statement (the cascade would do it too, row by row through the foreign key).
        await db.DatasetItems.Where(i => i.DatasetId == id).ExecuteDeleteAsync(cancellationToken);
        await db.Datasets.Where(d => d.Id == id).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return DatasetDeleteResult.Deleted;
    }
}
