using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;

namespace RearPlayground.Web.Components.Pages.History;

/// <summary>
/// The history page's state, kept in the URL so a view can be shared and the back button works:
/// <c>/runs?text=&amp;model=&amp;method=&amp;status=&amp;owner=&amp;annotated=yes|no&amp;from=yyyy-MM-dd&amp;to=yyyy-MM-dd&amp;sort=&amp;desc=&amp;page=&amp;size=</c>.
/// Defaults are left out of the URL; values that do not parse are ignored. Dates are UTC days, both inclusive.
/// </summary>
public sealed record HistoryFilter
{
    public const string Path = "/runs";
    public const int DefaultPageSize = 20;
    public static readonly int[] PageSizes = [10, 20, 50, 100];
    private const string DateFormat = "yyyy-MM-dd";

    public string? Text { get; init; }
    public string? Model { get; init; }
    public string? Method { get; init; }
    public RunStatus? Status { get; init; }
    public string? Owner { get; init; }
    public bool? Annotated { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public RunSort Sort { get; init; } = RunSort.Created;
    public bool Descending { get; init; } = true;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>Whether anything narrows the list (sorting and paging do not).</summary>
    public bool HasFilters => Text is not null || Model is not null || Method is not null || Status is not null || Owner is not null
        || Annotated is not null || From is not null || To is not null;

    public RunQuery ToRunQuery() => new(Page, PageSize, Blank(Model), Blank(Method), Status, Blank(Owner), Blank(Text), Annotated,
        From is { } from ? Midnight(from) : null,
        // "To" is a whole day: the query's upper bound is the next midnight, exclusive.
        To is { } to ? Midnight(to.AddDays(1)) : null,
        Sort, Descending);

    /// <summary>Sorting by <paramref name="sort"/> in <paramref name="descending"/> order, from the first page.</summary>
    public HistoryFilter SortBy(RunSort sort, bool descending) => this with { Sort = sort, Descending = descending, Page = 1 };

    public static HistoryFilter FromUri(string uri)
    {
        var start = uri.IndexOf('?');
        var end = uri.IndexOf('#');
        var query = QueryHelpers.ParseQuery(start < 0 ? "" : end > start ? uri[start..end] : uri[start..]);
        string? Get(string key) => query.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString() : null;

        var sort = RunSorts.TryParse(Get("sort"), out var s) ? s : RunSort.Created;
        return new HistoryFilter
        {
            Text = Get("text"),
            Model = Get("model"),
            Method = Get("method"),
            Status = Enum.TryParse<RunStatus>(Get("status"), ignoreCase: true, out var status) && Enum.IsDefined(status) && !int.TryParse(Get("status"), out _) ? status : null,
            Owner = Get("owner"),
            Annotated = Get("annotated") switch { "yes" => true, "no" => false, _ => null },
            From = Date(Get("from")),
            To = Date(Get("to")),
            Sort = sort,
            Descending = bool.TryParse(Get("desc"), out var desc) ? desc : RunSorts.DefaultDescending(sort),
            Page = int.TryParse(Get("page"), CultureInfo.InvariantCulture, out var page) && page >= 1 ? page : 1,
            PageSize = int.TryParse(Get("size"), CultureInfo.InvariantCulture, out var size) && PageSizes.Contains(size) ? size : DefaultPageSize,
        };
    }

    /// <summary>The page's URL for this filter (base-relative, defaults left out).</summary>
    public string ToUrl()
    {
        var parts = new List<(string Key, string Value)>();
        void Add(string key, string? value) { if (!string.IsNullOrWhiteSpace(value)) parts.Add((key, value)); }
        Add("text", Text);
        Add("model", Model);
        Add("method", Method);
        Add("status", Status?.ToString().ToLowerInvariant());
        Add("owner", Owner);
        Add("annotated", Annotated switch { true => "yes", false => "no", null => null });
        Add("from", From?.ToString(DateFormat, CultureInfo.InvariantCulture));
        Add("to", To?.ToString(DateFormat, CultureInfo.InvariantCulture));
        if (Sort != RunSort.Created) Add("sort", Sort.Name());
        if (Descending != RunSorts.DefaultDescending(Sort)) Add("desc", Descending ? "true" : "false");
        if (Page != 1) Add("page", Page.ToString(CultureInfo.InvariantCulture));
        if (PageSize != DefaultPageSize) Add("size", PageSize.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? Path : Path + "?" + string.Join("&", parts.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static DateOnly? Date(string? value) =>
        DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
