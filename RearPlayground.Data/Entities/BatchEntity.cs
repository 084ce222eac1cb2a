namespace RearPlayground.Data.Entities;

/// <summary>
/// A batch experiment: a dataset's items (all, a range or a filter) × one run configuration. Every item becomes a run
/// (<see cref="BatchItemEntity.RunId"/>, and <see cref="RunEntity.BatchId"/> on the run), so History, replay,
/// annotation and campaigns work on it.
/// </summary>
public sealed class BatchEntity
{
    public Guid Id { get; set; }
    public required string Owner { get; set; }
    public long DatasetId { get; set; }
    public int? RangeFrom { get; set; }
    public int? RangeCount { get; set; }
    /// <summary>The run fields every item's run takes (the API's RunRequest shape, JSON; a profile already resolved).</summary>
    public required string RequestJson { get; set; }
    /// <summary>The selectors scored in the report (JSON array), null for all.</summary>
    public string? SelectorsJson { get; set; }
    /// <summary>The answer rule: <c>{extractor, pattern?}</c> (JSON), null where items have no answers.</summary>
    public string? AnswerJson { get; set; }
    public RunStatus Status { get; set; }
    public int Total { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? JobId { get; set; }
    public bool CancelRequested { get; set; }
    /// <summary>The report once finished (JSON), recomputable from the stored runs.</summary>
    public string? ReportJson { get; set; }
}

/// <summary>
/// One item of a batch: at most one run per batch and dataset item (unique), so a batch resumed after a crash runs only
/// the items without a finished run and never duplicates one.
/// </summary>
public sealed class BatchItemEntity
{
    public Guid BatchId { get; set; }
    public long DatasetItemId { get; set; }
    public int Position { get; set; }
    public Guid? RunId { get; set; }
    public RunStatus Status { get; set; }
    public string? Error { get; set; }
}
