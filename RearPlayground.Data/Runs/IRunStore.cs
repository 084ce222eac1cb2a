using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Runs;

/// <summary>Run history in SQLite. Every method is one short-lived context and, where it writes, one transaction.</summary>
public interface IRunStore
{
    Task CreateAsync(RunEntity run, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="CreateAsync"/>, unless the run's owner already has a run with its <see cref="RunEntity.IdempotencyKey"/>
    /// created less than <paramref name="window"/> ago: then nothing is created and that run is answered. A key older than
    /// the window is cleared from its run in the same transaction. Concurrent calls with one key create one run.
    /// </summary>
    Task<RunCreation> CreateOnceAsync(RunEntity run, TimeSpan window, CancellationToken cancellationToken = default);
    Task<RunEntity?> FindAsync(Guid id, CancellationToken cancellationToken = default);
    Task SetJobIdAsync(Guid id, string jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the event with the next sequence number and its rows atomically; returns that sequence number.
    /// <see cref="RunEndedException"/> when the run's stream has already ended (its last event is terminal).
    /// </summary>
    Task<long> AppendAsync(Guid runId, EventWrite write, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the events, in order, with the next sequence numbers (LastSequence + 1 …) and their rows, in ONE transaction:
    /// all of them or, when anything fails, none. Returns the first event's sequence number.
    /// </summary>
    Task<long> AppendBatchAsync(Guid runId, IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken = default);

    /// <summary>
    /// For a run's writer: batches stored as by <see cref="AppendBatchAsync"/>, made one event at a time. A store may
    /// keep what a run's batches share (a database connection) until the appender is disposed.
    /// </summary>
    IRunAppender OpenAppender(Guid runId);

    /// <summary>Events with sequence &gt; <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<RunEventEntity>> EventsAsync(Guid runId, long afterSequence = 0, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<TreeNodeEntity>> NodesAsync(Guid runId, CancellationToken cancellationToken = default);
    /// <summary>The run's pool, by index: its sampled candidates only, never a baseline (<see cref="CandidateEntity.Baseline"/>).</summary>
    Task<IReadOnlyList<CandidateEntity>> CandidatesAsync(Guid runId, CancellationToken cancellationToken = default);

    /// <summary>The run's baselines, by index: extra candidates stored beside the pool (the greedy baseline); usually none.</summary>
    Task<IReadOnlyList<CandidateEntity>> BaselinesAsync(Guid runId, CancellationToken cancellationToken = default);

    /// <summary>Filtered, newest first. <paramref name="text"/> searches question and preference.</summary>
    Task<(IReadOnlyList<RunEntity> Items, int Total)> ListAsync(RunQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a run to be cancelled; a queued run becomes Cancelled at once with a terminal <c>runCancelled</c> event
    /// (its last event: the caller publishes it). False if it already ended.
    /// </summary>
    Task<bool> RequestCancelAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Ends a run that stopped without a terminal event (e.g. cancelled while queued) with that status.</summary>
    Task<bool> TryFinishAsync(Guid id, RunStatus status, string? error, CancellationToken cancellationToken = default);

    /// <summary>
    /// Start-up: runs left Running (or Queued with no live job storage) by a dead process become Interrupted, each with a
    /// terminal <c>runInterrupted</c> event after its last stored one, in one transaction.
    /// </summary>
    Task<int> MarkInterruptedAsync(IEnumerable<RunStatus> fromStatuses, CancellationToken cancellationToken = default);

    /// <summary>Stores a team member's judgement of a run (or one of its candidates); returns its id.</summary>
    Task<long> AddAnnotationAsync(AnnotationEntity annotation, CancellationToken cancellationToken = default);

    /// <summary>A run's annotations, oldest first.</summary>
    Task<IReadOnlyList<AnnotationEntity>> AnnotationsAsync(Guid runId, CancellationToken cancellationToken = default);

    // History
    /// <summary>
    /// Deletes an ended run with its events, nodes, candidates and annotations in one transaction. With
    /// <paramref name="onlyOwner"/> set (a team member who is not an admin) only that owner's run is deleted.
    /// </summary>
    Task<RunDeletion> DeleteAsync(Guid id, string? onlyOwner, CancellationToken cancellationToken = default);

    /// <summary>Per listed run: its best candidate's stored score and how many annotations it has.</summary>
    Task<IReadOnlyDictionary<Guid, RunListExtras>> ListExtrasAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default);

    /// <summary>The distinct models, methods and owners in the history: the history page's filter choices.</summary>
    Task<RunFacets> FacetsAsync(CancellationToken cancellationToken = default);

    // Results: GenRM ranks
    /// <summary>
    /// Stores GenRM's score (log P(Yes) − log P(No)) of the run's candidates, index → score, in one transaction:
    /// an index the run does not have fails the whole write (<see cref="KeyNotFoundException"/>).
    /// </summary>
    Task SetGenRmScoresAsync(Guid runId, IReadOnlyDictionary<int, double> scores, CancellationToken cancellationToken = default);
}

/// <summary>The run a create answered, and whether this call created it (false: an earlier run with the same key).</summary>
public sealed record RunCreation(RunEntity Run, bool Created)
{
    /// <summary>
    /// False when an earlier run with the same key was answered but was made from another request: a client that reused a
    /// key for a new request is told so (the API answers 422) instead of getting a run it did not ask for.
    /// </summary>
    public bool SameRequest { get; init; } = true;
}

/// <summary>
/// A page of the history. <paramref name="Annotated"/>: true = runs with an annotation, false = runs without one;
/// <paramref name="CreatedFrom"/> is inclusive, <paramref name="CreatedTo"/> exclusive. The default order is newest first.
/// </summary>
public sealed record RunQuery(int Page = 1, int PageSize = 20, string? Model = null, string? Method = null,
    RunStatus? Status = null, string? Owner = null, string? Text = null, bool? Annotated = null,
    DateTimeOffset? CreatedFrom = null, DateTimeOffset? CreatedTo = null, RunSort Sort = RunSort.Created, bool Descending = true)
{
    /// <summary>The page and page size the store applies: size 1…<see cref="RunStore.MaxPageSize"/>, page ≥ 1.</summary>
    public RunQuery Clamped()
    {
        var pageSize = Math.Clamp(PageSize, 1, RunStore.MaxPageSize);
        return this with { PageSize = pageSize, Page = Math.Clamp(Page, 1, int.MaxValue / pageSize) };
    }
}
