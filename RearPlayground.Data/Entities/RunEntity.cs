namespace RearPlayground.Data.Entities;

/// <summary>
/// One run: the resolved request (JSON, the API's RunRequest shape), what ran it, and how it ended.
/// Engine-specific shapes are stored as JSON text: this project knows no engine.
/// </summary>
public sealed class RunEntity
{
    public Guid Id { get; set; }
    public required string Owner { get; set; }
    public required string Model { get; set; }
    public string? ModelHash { get; set; }
    public required string Method { get; set; }
    public required string Question { get; set; }
    public string? Preference { get; set; }
    public required string RequestJson { get; set; }
    public string? Device { get; set; }
    public RunStatus Status { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? CountsJson { get; set; }
    public string? TimingsJson { get; set; }
    /// <summary>Index of the best candidate once finished.</summary>
    public int? Best { get; set; }
    /// <summary>Sequence number of the last stored event (0 = none).</summary>
    public long LastSequence { get; set; }
    /// <summary>Hangfire's job id, to delete a queued job on cancel.</summary>
    public string? JobId { get; set; }
    public bool CancelRequested { get; set; }
    /// <summary>The submitter's Idempotency-Key: the same key from the same owner within a while answers this run again.</summary>
    public string? IdempotencyKey { get; set; }
    /// <summary>The run this one re-ran, if any.</summary>
    public Guid? RerunOf { get; set; }
    /// <summary>What a reader should know about how the run went (e.g. a tree search that ended after one step): a JSON array of strings.</summary>
    public string? WarningsJson { get; set; }
    /// <summary>The batch this run is an item of, if any.</summary>
    public Guid? BatchId { get; set; }
}
