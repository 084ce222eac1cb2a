namespace RearPlayground.Data.Entities;

/// <summary>One search event of a run, in order: replay plays these back exactly.</summary>
public sealed class RunEventEntity
{
    public long Id { get; set; }
    public Guid RunId { get; set; }
    /// <summary>1, 2, 3 … per run, no gaps.</summary>
    public long Sequence { get; set; }
    public required string Type { get; set; }
    public required string PayloadJson { get; set; }
    public DateTimeOffset At { get; set; }
}
