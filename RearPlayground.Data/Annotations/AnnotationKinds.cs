namespace RearPlayground.Data.Annotations;

/// <summary>The kinds of <see cref="Entities.AnnotationEntity"/> and the choices of a blind pair.</summary>
public static class AnnotationKinds
{
    public const string Best = "best", Rank = "rank", Pair = "pair", Comment = "comment";
    public static readonly string[] All = [Best, Rank, Pair, Comment];

    /// <summary>Kinds that judge candidates (a comment alone does not take a run off the annotation queue).</summary>
    public static readonly string[] Judgements = [Best, Rank, Pair];

    public const string Left = "left", Right = "right", Tie = "tie";
    public static readonly string[] Choices = [Left, Right, Tie];
}
