namespace RearPlayground.Data.Entities;

/// <summary>
/// A team member's judgement of a run, owned by its author (who alone changes or deletes it). Kinds:
/// <c>best</c> (CandidateIndex is the pick), <c>rank</c> (Value: JSON array of candidate indices, best first),
/// <c>pair</c> (Value: JSON <c>{"left":i,"right":j,"choice":"left|right|tie"}</c>, judged blind), <c>comment</c>.
/// </summary>
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
    public DateTimeOffset? UpdatedAt { get; set; }
}
