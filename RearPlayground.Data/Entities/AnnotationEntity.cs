namespace RearPlayground.Data.Entities;

/// <summary>A team member's judgement of a run's candidate: a rank, a pairwise choice, a label, with a comment.</summary>
public sealed class AnnotationEntity
{
    public long Id { get; set; }
    public Guid RunId { get; set; }
    public int? CandidateIndex { get; set; }
    public required string Annotator { get; set; }
    /// <summary>rank | pairwise | label | …</summary>
    public required string Kind { get; set; }
    public required string Value { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset At { get; set; }
}
