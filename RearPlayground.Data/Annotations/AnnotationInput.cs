using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Annotations;

/// <summary>
/// What a user writes: <c>best</c> needs <see cref="CandidateIndex"/>; <c>rank</c> a JSON array of every candidate
/// index, best first, in <see cref="Value"/>; <c>pair</c> <c>{"left":i,"right":j,"choice":"left|right|tie"}</c> in
/// <see cref="Value"/>; <c>comment</c> the text in <see cref="Comment"/> (optionally about one candidate). Any kind
/// may carry a <see cref="Comment"/>.
/// </summary>
public sealed record AnnotationInput(string? Kind, int? CandidateIndex = null, string? Value = null, string? Comment = null);

public enum AnnotationOutcome { Ok, NotFound, NotAuthor, Invalid }

/// <summary>
/// The outcome of a write: never a silent no-op. <see cref="Field"/> and <see cref="Message"/> say what is wrong
/// when <see cref="AnnotationOutcome.Invalid"/>; <see cref="Annotation"/> is the stored row when Ok.
/// </summary>
public sealed record AnnotationResult(AnnotationOutcome Outcome, AnnotationEntity? Annotation = null, string? Field = null, string? Message = null)
{
    public static AnnotationResult Ok(AnnotationEntity annotation) => new(AnnotationOutcome.Ok, annotation);
    public static readonly AnnotationResult NotFound = new(AnnotationOutcome.NotFound);
    public static readonly AnnotationResult NotAuthor = new(AnnotationOutcome.NotAuthor);
    public static AnnotationResult Invalid(string field, string message) => new(AnnotationOutcome.Invalid, null, field, message);
}

/// <summary>A run waiting for the user's judgement, with its number of candidates.</summary>
public sealed record QueueItem(RunEntity Run, int Candidates);

/// <summary>
/// Which annotations an export takes: by <see cref="Annotator"/>, made in [<see cref="From"/>, <see cref="To"/>)
/// (To exclusive), on runs of <see cref="Model"/>; null = no filter.
/// </summary>
public sealed record AnnotationFilter(string? Annotator = null, DateTimeOffset? From = null, DateTimeOffset? To = null, string? Model = null);

/// <summary>
/// A run with the annotations that matched an export filter, its candidates, its tree (when asked for) and the
/// payload of its stored <c>runStarted</c> event (the model facts it ran with), if any.
/// </summary>
public sealed record AnnotatedRun(RunEntity Run, IReadOnlyList<CandidateEntity> Candidates, IReadOnlyList<AnnotationEntity> Annotations,
    IReadOnlyList<TreeNodeEntity> Nodes, string? RunStartedJson);
