namespace RearPlayground.Data.Runs;

/// <summary>
/// One run's writer's way into the store (<see cref="IRunStore.OpenAppender"/>): a batch is made one event at a time with
/// <see cref="Add"/> and stored by <see cref="CommitAsync"/> exactly as <see cref="IRunStore.AppendBatchAsync"/> stores
/// it (one transaction, gapless sequence numbers, all or nothing). An appender is used by one writer at a time.
/// </summary>
public interface IRunAppender : IAsyncDisposable
{
    /// <summary>
    /// Optional, before the batch's first event: a core is free (the search has ended), so a store may pack the batch on
    /// it while the writer is still making it. Without it the batch is packed at its commit, on the writer's thread: while
    /// the search runs, another thread would only take the search's cores.
    /// </summary>
    void PackAlongside();

    /// <summary>Adds an event to the batch being made.</summary>
    void Add(EventWrite write);

    /// <summary>Stores the batch (at least one event) and starts a new one, also when storing it threw; returns its first sequence number.</summary>
    Task<long> CommitAsync(CancellationToken cancellationToken = default);
}

/// <summary>An appender that collects the batch and hands it to <see cref="IRunStore.AppendBatchAsync"/>: any store's.</summary>
public sealed class BatchAppender(IRunStore store, Guid runId) : IRunAppender
{
    private List<EventWrite> _writes = [];

    public void PackAlongside() { }

    public void Add(EventWrite write) => _writes.Add(write ?? throw new ArgumentNullException(nameof(write)));

    public Task<long> CommitAsync(CancellationToken cancellationToken = default)
    {
        var writes = _writes;
        _writes = [];
        return store.AppendBatchAsync(runId, writes, cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
