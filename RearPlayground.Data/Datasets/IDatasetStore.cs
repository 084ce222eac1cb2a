using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Datasets;

public enum DatasetDeleteResult { Deleted, NotFound, InUse }

/// <summary>Datasets and their items: imported in one transaction, listed, previewed, deleted unless a batch uses them.</summary>
public interface IDatasetStore
{
    /// <summary>
    /// Stores <paramref name="dataset"/> and its <paramref name="items"/> (streamed, inserted in chunks) in one
    /// transaction; <paramref name="complete"/> runs after the last item, to set the counts and skipped rows.
    /// Any exception (a bad file half-way, a cancel) rolls everything back: no half-imported dataset.
    /// </summary>
    Task<DatasetEntity> ImportAsync(DatasetEntity dataset, IAsyncEnumerable<DatasetItemEntity> items, Action<DatasetEntity> complete,
        CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DatasetEntity>> ListAsync(CancellationToken cancellationToken = default);

    Task<DatasetEntity?> FindAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The first <paramref name="take"/> items from <paramref name="from"/> (by position).</summary>
    Task<IReadOnlyList<DatasetItemEntity>> ItemsAsync(long id, int from, int take, CancellationToken cancellationToken = default);

    Task<DatasetDeleteResult> DeleteAsync(long id, CancellationToken cancellationToken = default);
}
