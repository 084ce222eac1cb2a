using Bunit;
using Bunit.Rendering;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Entities;
using RearPlayground.Web.History;
using RearPlayground.Data.Runs;
using RearPlayground.Tests.Data;
using RearPlayground.Web.Accounts;
using RearPlayground.Web.Components.Pages.History;
using RearPlayground.Web.Runs;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Events;

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
        Services.AddCampaigns(_db.Services);
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
    public async Task A_row_shows_its_runs_warning_codes_and_a_run_without_warnings_none()
    {
        var warned = new RunEntity
        {
            Id = Guid.NewGuid(), Owner = "alice", Model = "stories260K", Method = "bon", Question = "Why do owls hoot?",
            RequestJson = "{}", Status = RunStatus.Succeeded, CreatedAt = T0.AddDays(4),
            WarningsJson = """[{"code":"scores-tied","message":"Every candidate scored the same (-1)."},{"code":"genrm-degenerate","message":"GenRM said nothing."}]""",
        };
        await _db.Store.CreateAsync(warned);
        var cut = RenderAt("/runs");
        cut.WaitForAssertion(() => Assert.Equal(4, Rows(cut).Length));

        var rows = cut.FindAll("[data-testid=history-row]");
        var row = rows.Single(r => r.GetAttribute("data-run-id") == warned.Id.ToString());
        var chips = row.QuerySelector("[data-testid=history-warning]")!.QuerySelectorAll(".mud-chip");
        Assert.Equal(["scores-tied", "genrm-degenerate"], chips.Select(c => c.TextContent.Trim()));
        Assert.Equal("Every candidate scored the same (-1).", chips[0].GetAttribute("title"));
        Assert.Single(cut.FindAll("[data-testid=history-warning]"));
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

    [Fact]
    public async Task A_row_shows_the_method_by_its_form_name_and_the_settings_that_tell_runs_apart()
    {
        var bon = await CreateAsync("Which cat?", new RunRequest { Method = "bon", N = 8, M = 2, Lambda = 5, Scorer = "likelihood" });
        var dvts = await CreateAsync("Which dog?", new RunRequest { Method = "dvts", N = 12, M = 3, StepTokens = 6, Lambda = 0.5, Scorer = "rear" });
        var stop = await CreateAsync("Which bird?", new RunRequest { Method = "dvts", N = 4, M = 2, Stop = "\n" });
        var cut = RenderAt("/runs?text=which");
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Length));

        Assert.Equal("Best-of-N", Method(cut, bon));
        Assert.Equal(["N 8", "λ 5", "scorer likelihood"], Settings(cut, bon)); // Best-of-N has no M and no steps
        Assert.Equal("DVTS", Method(cut, dvts));
        Assert.Equal(["N 12", "M 3", "step 6 tokens", "λ 0.5", "scorer rear"], Settings(cut, dvts));
        Assert.Equal("step to \"\\n\"", Settings(cut, stop)[2]); // a stop string shown escaped, as the form takes it
        // Column headers: one per column, the new one included.
        Assert.Equal(cut.FindAll("[data-testid=history-table] thead th").Count, cut.FindAll("[data-testid=history-table] tbody tr:first-child td").Count);
        Assert.Contains(cut.FindAll("[data-testid=history-table] thead th"), th => th.TextContent.Contains("Settings"));
    }

    [Fact]
    public async Task Run_again_keeps_or_renews_the_seed_and_links_the_new_run_to_its_original()
    {
        var original = await CreateAsync("Seeded", new RunRequest { Method = "bon", N = 4, Seed = 7, Lambda = 3 });
        var actions = Services.GetRequiredService<HistoryActions>();
        var alice = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, "alice")], "test"));

        var same = await _db.Store.FindAsync((await actions.RerunAsync(original.Id, alice))!.Value);
        var fresh = await _db.Store.FindAsync((await actions.RerunAsync(original.Id, alice, RerunSeed.New))!.Value);

        Assert.Equal(original.Id, same!.RerunOf);
        Assert.Equal(original.Id, fresh!.RerunOf);
        var stored = RunService.ReadRequest(original)!;
        Assert.Equal(stored, RunService.ReadRequest(same));
        var renewed = RunService.ReadRequest(fresh)!;
        Assert.NotEqual(7, renewed.Seed);
        Assert.Equal(stored, renewed with { Seed = 7 }); // only the seed differs

        // The history row of a re-run links to the run it re-ran.
        var cut = RenderAt("/runs?text=seeded");
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Length));
        var link = cut.Find($"[data-testid=history-row][data-run-id='{fresh.Id}'] [data-testid=rerun-of]");
        Assert.Equal($"re-run of {original.Id.ToString("N")[..8]}", link.TextContent.Trim());
        Assert.Equal($"/runs/{original.Id}", link.GetAttribute("href"));
        Assert.Empty(cut.FindAll($"[data-testid=history-row][data-run-id='{original.Id}'] [data-testid=rerun-of]"));
    }

    private async Task<RunEntity> CreateAsync(string question, RunRequest request)
    {
        request = request with { Model = "stories260K", Question = question };
        var run = new RunEntity
        {
            Id = Guid.NewGuid(), Owner = "alice", Model = request.Model, Method = request.Method!, Question = question,
            RequestJson = System.Text.Json.JsonSerializer.Serialize(request, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)),
            Status = RunStatus.Succeeded, CreatedAt = T0.AddDays(5),
        };
        await _db.Store.CreateAsync(run);
        return run;
    }

    private static AngleSharp.Dom.IElement RowOf(IRenderedComponent<ContainerFragment> cut, RunEntity run) =>
        cut.Find($"[data-testid=history-row][data-run-id='{run.Id}']").ParentElement!;

    private static string Method(IRenderedComponent<ContainerFragment> cut, RunEntity run) =>
        RowOf(cut, run).QuerySelector("[data-testid=history-method]")!.TextContent.Trim();

    private static string[] Settings(IRenderedComponent<ContainerFragment> cut, RunEntity run) =>
        [.. RowOf(cut, run).QuerySelectorAll("[data-testid=history-settings] [data-setting]").Select(e => string.Join(' ', e.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))];

    private Guid Id(string name) => name switch { "cats" => _cats.Id, "dogs" => _dogs.Id, "birds" => _birds.Id, _ => throw new ArgumentException(name) };

    /// <summary>Runs are never executed here: the queue only hands out ids.</summary>
    private sealed class NoJobs : IBackgroundJobClient
    {
        public string Create(Job job, IState state) => "job-1";
        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
