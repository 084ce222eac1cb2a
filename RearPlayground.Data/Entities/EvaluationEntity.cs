namespace RearPlayground.Data.Entities;

/// <summary>
/// One evaluation of a model on an uploaded JSONL dataset, run as a background job: its settings and dataset
/// (JSON text, as the engine reads them), progress while it runs, and the report once done.
/// </summary>
public sealed class EvaluationEntity
{
    public Guid Id { get; set; }
    public required string Owner { get; set; }
    public required string Model { get; set; }
    /// <summary>The uploaded file's name, for the list.</summary>
    public required string DatasetName { get; set; }
    public required string DatasetJsonl { get; set; }
    /// <summary>Methods and options (the eval verb's), as JSON.</summary>
    public required string SettingsJson { get; set; }
    public RunStatus Status { get; set; }
    /// <summary>Searches done and to do (items × distinct runs): the progress bar.</summary>
    public int Done { get; set; }
    public int Total { get; set; }
    /// <summary>The eval verb's JSON report once finished.</summary>
    public string? ResultJson { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? JobId { get; set; }
    public bool CancelRequested { get; set; }
}
