using System.Globalization;
using RearPlayground.Data.Annotations;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Annotations;

namespace RearPlayground.Web.Components.Pages.Annotate;

/// <summary>One line saying what an annotation judged, for the annotation lists.</summary>
public static class AnnotationText
{
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
