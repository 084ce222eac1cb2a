namespace RearPlayground.Data.Entities;

/// <summary>
/// Search events of a run, in order: replay plays these back exactly. A row stored by a job holds a whole committed batch
/// (<see cref="Count"/> events, <see cref="Runs.PackedEvents"/>; Type and PayloadJson empty); an older row holds one
/// event as text (Packed null). Readers get single events from the store, never these rows.
/// </summary>
public sealed class RunEventEntity
{
    public long Id { get; set; }
    public Guid RunId { get; set; }
    /// <summary>1, 2, 3 … per run, no gaps: the first of the row's events.</summary>
    public long Sequence { get; set; }
    /// <summary>How many events the row holds (1 for an unpacked row).</summary>
    public int Count { get; set; } = 1;
    /// <summary>The deflated events, or null: the row is the one event in Type / PayloadJson.</summary>
    public byte[]? Packed { get; set; }
    public required string Type { get; set; }
    public required string PayloadJson { get; set; }
    public DateTimeOffset At { get; set; }
}
