using System.Globalization;
using RearPlayground.Data.Annotations;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Annotations;

namespace RearPlayground.Web.Components.Pages.Annotate;

/// <summary>
/// One entry of an annotation list: the annotation itself (null for a blind summary of several), what it says, who
/// wrote it and when.
/// </summary>
public sealed record AnnotationLine(AnnotationEntity? Annotation, string Text, string Annotator, string When, string? Comment);

/// <summary>One line saying what an annotation judged, for the annotation lists.</summary>
public static class AnnotationText
{
    /// <summary>
    /// The list's lines. <paramref name="blind"/> (the blind-pairs tab) names no candidate: each annotator's pair
    /// judgements become one line ("3 pairs judged"), a best pick or rank is named by kind only.
    /// </summary>
    public static IReadOnlyList<AnnotationLine> Lines(IEnumerable<AnnotationEntity> annotations, bool blind)
    {
        if (!blind) return [.. annotations.Select(a => new AnnotationLine(a, Describe(a), a.Annotator, When(a), a.Comment))];
        var lines = new List<AnnotationLine>();
        foreach (var byAnnotator in annotations.GroupBy(a => a.Annotator, StringComparer.Ordinal))
        {
            var pairs = byAnnotator.Where(a => a.Kind == AnnotationKinds.Pair).ToList();
            if (pairs.Count > 0)
                lines.Add(new AnnotationLine(null, pairs.Count == 1 ? "1 pair judged" : $"{pairs.Count} pairs judged", byAnnotator.Key,
                    When(pairs.MaxBy(a => a.UpdatedAt ?? a.At)!), null));
            foreach (var a in byAnnotator.Where(a => a.Kind != AnnotationKinds.Pair))
                lines.Add(new AnnotationLine(a, DescribeBlind(a), a.Annotator, When(a), a.Comment));
        }
        return lines;
    }

    /// <summary>What an annotation is, without the candidates it names.</summary>
    public static string DescribeBlind(AnnotationEntity a) => a.Kind switch
    {
        AnnotationKinds.Best => "Best pick",
        AnnotationKinds.Rank => "Rank of all responses",
        AnnotationKinds.Pair => "Pair judged",
        _ => a.CandidateIndex is null ? "Comment on the run" : "Comment on a response",
    };

    public static string Describe(AnnotationEntity a) => a.Kind switch
    {
        AnnotationKinds.Best => $"Best: #{a.CandidateIndex}",
        AnnotationKinds.Rank => PairwisePreferences.Order(a.Value) is { } order ? "Rank: " + string.Join(" > ", order.Select(i => $"#{i}")) : "Rank",
        AnnotationKinds.Pair => PairValue.TryParse(a.Value) is { } p ? p.Choice switch
        {
            AnnotationKinds.Tie => $"Pair: #{p.Left} = #{p.Right} (tie)",
            AnnotationKinds.Left => $"Pair: #{p.Left} over #{p.Right}",
            _ => $"Pair: #{p.Right} over #{p.Left}",
        } : "Pair",
        _ => a.CandidateIndex is { } i ? $"Comment on #{i}" : "Comment on the run",
    };

    public static string When(AnnotationEntity a) =>
        a.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" + (a.UpdatedAt is null ? "" : " (edited)");
}
