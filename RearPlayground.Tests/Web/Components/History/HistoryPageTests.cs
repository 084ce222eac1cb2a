using Bunit;
using Bunit.Rendering;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Tests.Data;
using RearPlayground.Web.Accounts;
using RearPlayground.Web.Components.Pages.History;
using RearPlayground.Web.Runs;
using RearPlayground.Worker.Jobs;

namespace RearPlayground.Tests.Web.Components.History;

/// <summary>
/// The history page over a real store: what the URL says is what the table lists, and filter, sort and paging
/// controls change the URL (and so the list).
/// </summary>
public sealed class HistoryPageTests : MudTestContext, IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private TempDatabase _db = null!;
    private RunEntity _cats = null!, _dogs = null!, _birds = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        _db = await TempDatabase.CreateAsync();
        _cats = await _db.CreateRunAsync(RunStatus.Succeeded, owner: "alice", question: "Why do cats purr?", createdAt: T0);
        _dogs = await _db.CreateRunAsync(RunStatus.Running, owner: "bob", method: "dvts", question: "Why do dogs bark?", createdAt: T0.AddHours(1));
        _birds = await _db.CreateRunAsync(RunStatus.Failed, owner: "carol", question: "Birds", preference: "about cats", createdAt: T0.AddDays(3));
        await _db.Store.AddAnnotationAsync(new AnnotationEntity { RunId = _dogs.Id, Annotator = "alice", Kind = "comment", Value = "" });

        Services.AddSingleton(_db.Store);
        Services.AddSingleton<IBackgroundJobClient, NoJobs>();
        Services.AddSingleton<RunCancellation>();
        Services.AddSingleton<IRunEventPublisher, RearPlayground.Tests.Jobs.RecordingPublisher>();
        Services.AddSingleton<RunService>();
        Services.AddSingleton<HistoryActions>();
        AddAuthorization().SetAuthorized("alice").SetRoles(Roles.Annotator);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _db.DisposeAsync();
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private IRenderedComponent<ContainerFragment> RenderAt(string url)
    {
        Navigation.NavigateTo(url);
        return RenderWithPopovers(b =>
        {
            b.OpenComponent<HistoryPage>(0);
            b.CloseComponent();
        });
    }

    private static Guid[] Rows(IRenderedComponent<ContainerFragment> cut) =>
        [.. cut.FindAll("[data-testid=history-row]").Select(r => Guid.Parse(r.GetAttribute("data-run-id")!))];

    [Theory]
    [InlineData("/runs", "birds,dogs,cats")]
    [InlineData("/runs?text=CATS", "birds,cats")] // question or preference, any case
    [InlineData("/runs?status=running", "dogs")]
    [InlineData("/runs?owner=carol", "birds")]
    [InlineData("/runs?method=dvts", "dogs")]
    [InlineData("/runs?annotated=yes", "dogs")]
    [InlineData("/runs?annotated=no", "birds,cats")]
    [InlineData("/runs?from=2026-01-02", "birds")]
    [InlineData("/runs?to=2026-01-01", "dogs,cats")] // the whole day
    [InlineData("/runs?sort=owner", "cats,dogs,birds")]
    [InlineData("/runs?sort=owner&desc=true", "birds,dogs,cats")]
    [InlineData("/runs?sort=created&desc=false&size=10&page=1", "cats,dogs,birds")]
    public void The_url_is_the_query(string url, string expected)
    {
        var cut = RenderAt(url);
        cut.WaitForAssertion(() => Assert.Equal(expected.Split(',').Select(Id), Rows(cut)));
    }

    [Fact]
    public void Typing_a_search_puts_it_in_the_url_and_the_back_button_undoes_it()
    {
        var cut = RenderAt("/runs?status=failed&page=1");
        cut.WaitForAssertion(() => Assert.Equal([_birds.Id], Rows(cut)));

        cut.Find("input[data-testid=filter-text]").Input("dogs");
        cut.WaitForAssertion(() => Assert.EndsWith("/runs?text=dogs&status=failed", Navigation.Uri), TimeSpan.FromSeconds(5));
        cut.WaitForAssertion(() => Assert.Empty(Rows(cut)));
        cut.WaitForAssertion(() => Assert.Contains("No run matches these filters.", cut.Find("[data-testid=history-empty]").TextContent));

        // Another URL (back, or a shared link): the page follows it.
        Navigation.NavigateTo("/runs?text=dogs");
        cut.WaitForAssertion(() => Assert.Equal([_dogs.Id], Rows(cut)));
        Assert.Equal("dogs", cut.Find("input[data-testid=filter-text]").GetAttribute("value"));
    }

    [Fact]
    public void A_column_header_sorts_and_a_second_click_turns_the_order()
    {
        var cut = RenderAt("/runs");
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Length));

        cut.Find("[data-testid=sort-owner]").Click();
        cut.WaitForAssertion(() => Assert.Equal([_cats.Id, _dogs.Id, _birds.Id], Rows(cut)));
        Assert.EndsWith("/runs?sort=owner", Navigation.Uri);

        cut.Find("[data-testid=sort-owner]").Click();
        cut.WaitForAssertion(() => Assert.Equal([_birds.Id, _dogs.Id, _cats.Id], Rows(cut)));
        Assert.EndsWith("/runs?sort=owner&desc=true", Navigation.Uri);
    }

    [Fact]
    public void Pages_show_the_range_and_move_through_the_url()
    {
        var cut = RenderAt("/runs?size=10");
        cut.WaitForAssertion(() => Assert.Equal("1–3 of 3", cut.Find("[data-testid=history-range]").TextContent));

        Navigation.NavigateTo("/runs?sort=created&desc=false&page=2&size=10");
        // Past the last page: the page moves to the last one that has runs.
        cut.WaitForAssertion(() => Assert.Equal([_cats.Id, _dogs.Id, _birds.Id], Rows(cut)));
        cut.WaitForAssertion(() => Assert.EndsWith("/runs?desc=false&size=10", Navigation.Uri));
    }

    [Fact]
    public void Clearing_the_filters_keeps_the_order()
    {
        var cut = RenderAt("/runs?owner=bob&sort=owner");
        cut.WaitForAssertion(() => Assert.Equal([_dogs.Id], Rows(cut)));

        cut.Find("[data-testid=filter-clear]").Click();

        cut.WaitForAssertion(() => Assert.Equal([_cats.Id, _dogs.Id, _birds.Id], Rows(cut)));
        Assert.EndsWith("/runs?sort=owner", Navigation.Uri);
    }

    private Guid Id(string name) => name switch { "cats" => _cats.Id, "dogs" => _dogs.Id, "birds" => _birds.Id, _ => throw new ArgumentException(name) };

    /// <summary>Runs are never executed here: the queue only hands out ids.</summary>
    private sealed class NoJobs : IBackgroundJobClient
    {
        public string Create(Job job, IState state) => "job-1";
        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
