using RearPlayground.Web.Export;

namespace RearPlayground.Web.Components.Pages.Export;

/// <summary>
/// The Export page's filters as typed, read with the routes' own <see cref="ExportQuery.Parse"/>: the page's links
/// and its inline messages mean exactly what the routes will do with the same query.
/// </summary>
public sealed class ExportForm
{
    public string? Annotator { get; set; }
    /// <summary>yyyy-MM-dd, as a date input gives it.</summary>
    public string? From { get; set; }
    public string? To { get; set; }
    public string? Model { get; set; }
    public RankPairs Pairs { get; set; } = RankPairs.Adjacent;
    /// <summary>Every raw judgement instead of each pair once (majority, ties dropped).</summary>
    public bool Raw { get; set; }

    public (ExportQuery? Query, Dictionary<string, string[]> Errors) Parse() =>
        ExportQuery.Parse(Annotator, From, To, Model, Pairs == RankPairs.All ? "all" : "adjacent", Raw ? "true" : null);

    public string? Error(string field) => Parse().Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>The download links, or null while a filter is invalid.</summary>
    public string? DpoLink => Parse().Query is { } q ? ExportEndpoints.DpoPath + q.QueryString(withPairs: true) : null;
    public string? RunsLink => Parse().Query is { } q ? ExportEndpoints.RunsPath + q.QueryString() : null;
    public string? ScoresLink => Parse().Query is { } q ? ExportEndpoints.ScoresPath + q.QueryString() : null;
}
