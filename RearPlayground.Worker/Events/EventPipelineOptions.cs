namespace RearPlayground.Worker.Events;

/// <summary>
/// How a run's events travel from the search to the store (<see cref="RunEventWriter"/>). Memory per run is bounded by
/// <see cref="Capacity"/> + <see cref="MaxBatch"/> events; a crash loses at most the events not yet committed.
/// </summary>
public sealed record EventPipelineOptions
{
    /// <summary>Events the search may be ahead of the writer before it waits (back-pressure).</summary>
    public int Capacity { get; init; } = 1024;

    /// <summary>The most events stored in one transaction.</summary>
    public int MaxBatch { get; init; } = 512;

    /// <summary>
    /// The least time between the starts of two commits (group commit); the run's first event, its terminal event and a
    /// full batch are committed at once.
    /// </summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How long a batch waits after its oldest event for more before it is committed (the run's first and terminal
    /// events excepted): events come in bursts (a step's nodes, Best-of-N's candidates then its end), and one
    /// transaction for a burst costs the search less than several.
    /// </summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>How long one batch may take to publish before the writer gives up on it (watchers catch up from the store).</summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a run whose end cannot be stored (the disk full, the database read-only) keeps retrying to record it,
    /// every <see cref="EndRetryInterval"/>, before giving up (the next start then marks it Interrupted).
    /// </summary>
    public TimeSpan EndRetry { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan EndRetryInterval { get; init; } = TimeSpan.FromSeconds(1);
}
