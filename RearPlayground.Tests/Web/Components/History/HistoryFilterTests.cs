using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Web.Components.Pages.History;

namespace RearPlayground.Tests.Web.Components.History;

/// <summary>The history's URL ↔ filter ↔ store query mapping.</summary>
public sealed class HistoryFilterTests
{
    private static readonly HistoryFilter Everything = new()
    {
        Text = "cats & dogs?", Model = "stories260K", Method = "dvts", Status = RunStatus.Running, Owner = "bob@example.org",
        Annotated = false, From = new DateOnly(2026, 1, 2), To = new DateOnly(2026, 1, 31), Sort = RunSort.Owner, Descending = true,
        Page = 3, PageSize = 50,
    };

    [Fact]
    public void Defaults_leave_the_url_bare_and_query_newest_first()
    {
        Assert.Equal("/runs", new HistoryFilter().ToUrl());
        Assert.Equal(new HistoryFilter(), HistoryFilter.FromUri("http://host/runs"));
        Assert.Equal(new RunQuery(), new HistoryFilter().ToRunQuery());
        Assert.False(new HistoryFilter { Sort = RunSort.Model, Page = 4 }.HasFilters);
        Assert.True(new HistoryFilter { Annotated = false }.HasFilters);
    }

    [Fact]
    public void Every_field_round_trips_through_the_url()
    {
        var url = Everything.ToUrl();

        Assert.Equal("/runs?text=cats%20%26%20dogs%3F&model=stories260K&method=dvts&status=running&owner=bob%40example.org"
            + "&annotated=no&from=2026-01-02&to=2026-01-31&sort=owner&desc=true&page=3&size=50", url);
        Assert.Equal(Everything, HistoryFilter.FromUri("http://127.0.0.1:5000" + url));
        Assert.Equal(Everything, HistoryFilter.FromUri(url + "#top"));
    }

    [Fact]
    public void The_query_takes_whole_utc_days_and_the_chosen_order()
    {
        var query = Everything.ToRunQuery();

        Assert.Equal(new RunQuery(3, 50, "stories260K", "dvts", RunStatus.Running, "bob@example.org", "cats & dogs?", false,
            new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), // "to" is inclusive: up to the next midnight
            RunSort.Owner, true), query);
        Assert.True(new HistoryFilter { Annotated = true }.ToRunQuery().Annotated);
        Assert.Null(new HistoryFilter { Text = "   " }.ToRunQuery().Text);
    }

    [Theory]
    [InlineData("created", true)]
    [InlineData("duration", true)]
    [InlineData("model", false)]
    [InlineData("status", false)]
    public void Desc_defaults_per_sort_and_is_written_only_when_it_differs(string sort, bool descending)
    {
        var filter = HistoryFilter.FromUri($"/runs?sort={sort}");
        Assert.Equal(descending, filter.Descending);
        Assert.DoesNotContain("desc=", filter.ToUrl());
        Assert.Contains($"desc={(!descending).ToString().ToLowerInvariant()}", (filter with { Descending = !descending }).ToUrl());
    }

    [Theory]
    [InlineData("status=sleeping")]
    [InlineData("status=1")]
    [InlineData("sort=nope")]
    [InlineData("sort=2")]
    [InlineData("annotated=maybe")]
    [InlineData("from=yesterday")]
    [InlineData("to=2026-13-01")]
    [InlineData("page=0")]
    [InlineData("page=x")]
    [InlineData("size=7")]
    [InlineData("desc=sometimes")]
    [InlineData("text=")]
    public void Values_that_do_not_parse_are_ignored(string query) =>
        Assert.Equal(new HistoryFilter(), HistoryFilter.FromUri("/runs?" + query));

    [Fact]
    public void Sorting_goes_back_to_the_first_page()
    {
        var sorted = (Everything with { Page = 5 }).SortBy(RunSort.Duration, descending: false);
        Assert.Equal((RunSort.Duration, false, 1), (sorted.Sort, sorted.Descending, sorted.Page));
        Assert.Equal(Everything.Text, sorted.Text);
    }
}
