using Bunit;
using Bunit.Rendering;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data;
using RearPlayground.Data.Campaigns;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Tests.Data;
using RearPlayground.Web.Accounts;
using RearPlayground.Web.Components.Pages.History;
using RearPlayground.Web.History;
using RearPlayground.Web.Runs;
using RearPlayground.Worker.Events;
using RearPlayground.Worker.Jobs;

namespace RearPlayground.Tests.Web.Components.History;

/// <summary>
/// History's campaign actions over real stores and Identity: admins pick runs on any page (not two at most), the create
/// dialog opens with the runs a campaign can take and names those left out and why; "campaign from filter" takes every
/// page of the filter; people who are not admins see none of it.
/// </summary>
public sealed class HistoryCampaignTests : MudTestContext, IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rear-history-campaign-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _data = null!;
    private IRunStore _store = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        var services = new ServiceCollection().AddLogging().AddRearData(Path.Combine(_folder, "rear.db"));
        services.AddDataProtection();
        services.AddIdentityCore<IdentityUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<RearDbContext>();
        _data = services.BuildServiceProvider();
        await _data.MigrateRearDataAsync();
        using (var scope = _data.CreateScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in Roles.All) await roles.CreateAsync(new IdentityRole(role));
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            foreach (var email in new[] { "ann@x.org", "bob@x.org" })
            {
                var user = new IdentityUser { UserName = email, Email = email };
                await users.CreateAsync(user);
                await users.AddToRoleAsync(user, Roles.Annotator);
            }
        }
        _store = _data.GetRequiredService<IRunStore>();
        Services.AddSingleton(_store);
        Services.AddSingleton<IBackgroundJobClient, NoJobs>();
        Services.AddSingleton<RunCancellation>();
        Services.AddSingleton<IRunEventPublisher, RearPlayground.Tests.Jobs.RecordingPublisher>();
        Services.AddSingleton<RunService>();
        Services.AddSingleton<HistoryActions>();
        Services.AddSingleton(new UserAdmin(_data.GetRequiredService<IServiceScopeFactory>()));
        Services.AddCampaigns(_data);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _data.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private async Task<RunEntity> RunAsync(string question, RunStatus status, int candidates, int minutes)
    {
        var run = new RunEntity
        {
            Id = Guid.NewGuid(), Owner = "lead", Model = "stories260K", Method = "bon", Question = question, RequestJson = "{}",
            Status = status, CreatedAt = T0.AddMinutes(minutes),
        };
        await _store.CreateAsync(run);
        if (candidates > 0)
            await _store.AppendAsync(run.Id, new EventWrite("candidateFinished", "{}") { Candidates = [.. Enumerable.Range(0, candidates).Select(i => DataSamples.Candidate(i))] });
        return run;
    }

    private IRenderedComponent<ContainerFragment> Render(string url)
    {
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo(url);
        return RenderWithPopovers(b =>
        {
            b.OpenComponent<MudBlazor.MudDialogProvider>(0);
            b.CloseComponent();
            b.OpenComponent<MudBlazor.MudSnackbarProvider>(1);
            b.CloseComponent();
            b.OpenComponent<HistoryPage>(2);
            b.CloseComponent();
        });
    }

    private static void Pick(IRenderedComponent<ContainerFragment> cut, RunEntity run) =>
        cut.FindAll("[data-testid=history-row]").Single(r => r.GetAttribute("data-run-id") == run.Id.ToString())
            .ParentElement!.QuerySelector("input[data-testid=history-select], [data-testid=history-select] input")!.Change(true);

    [Fact]
    public async Task An_admin_adds_picked_runs_and_is_told_which_were_left_out_and_why()
    {
        var good = await RunAsync("Good one", RunStatus.Succeeded, 3, 1);
        var other = await RunAsync("Other good", RunStatus.Succeeded, 2, 2);
        var running = await RunAsync("Still going", RunStatus.Running, 0, 3);
        var single = await RunAsync("Only one", RunStatus.Succeeded, 1, 4);
        AddAuthorization().SetAuthorized("lead").SetRoles(Roles.Admin);
        var cut = Render("/runs");
        cut.WaitForState(() => cut.FindAll("[data-testid=history-row]").Count == 4);

        foreach (var run in new[] { good, other, running, single }) Pick(cut, run); // more than two: admins pick any number
        Assert.Contains("(4)", cut.Find("[data-testid=history-add-to-campaign]").TextContent);
        cut.Find("[data-testid=history-add-to-campaign]").Click();

        cut.WaitForState(() => cut.FindAll("[data-testid=campaign-dialog]").Count == 1);
        Assert.Equal("2 runs picked in History", cut.Find("[data-testid=campaign-run-count]").TextContent.Trim());
        var leftOut = cut.FindAll("[data-testid=campaign-left-out-run]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(["Still going: not finished successfully", "Only one: fewer than two candidates"], leftOut);
        Assert.Empty(cut.FindAll("[data-testid=campaign-run]")); // the dialog's own picker is not shown

        cut.Find("[data-testid=campaign-name] input, input[data-testid=campaign-name]").Input("From history");
        cut.Find("[data-testid=campaign-create]").Click();
        var campaigns = _data.GetRequiredService<ICampaignStore>();
        cut.WaitForAssertion(() => Assert.Single(campaigns.ListAsync(null).GetAwaiter().GetResult()));
        var created = (await campaigns.ListAsync(null)).Single();
        Assert.Equal("From history", created.Name);
        Assert.Equal(new[] { good.Id, other.Id }.Order(), (await campaigns.RunIdsAsync(created.Id)).Order());
    }

    [Fact]
    public async Task Campaign_from_filter_takes_every_page_of_the_filter()
    {
        List<RunEntity> cats = [];
        for (var i = 0; i < 25; i++) cats.Add(await RunAsync($"cat {i}", RunStatus.Succeeded, 2, i));
        await RunAsync("cat failed", RunStatus.Failed, 0, 30);
        await RunAsync("dog", RunStatus.Succeeded, 2, 31);
        AddAuthorization().SetAuthorized("lead").SetRoles(Roles.Admin);
        var cut = Render("/runs?text=cat&size=10");
        cut.WaitForState(() => cut.FindAll("[data-testid=history-row]").Count == 10);

        cut.Find("[data-testid=history-campaign-from-filter]").Click();
        cut.WaitForState(() => cut.FindAll("[data-testid=campaign-dialog]").Count == 1);
        Assert.Equal("25 runs matching the History filter", cut.Find("[data-testid=campaign-run-count]").TextContent.Trim());
        Assert.Contains("1 matching run(s) have not finished successfully", cut.Find("[data-testid=campaign-left-out]").TextContent);
    }

    [Fact]
    public async Task People_who_are_not_admins_see_no_campaign_controls_and_pick_two_at_most()
    {
        var a = await RunAsync("a", RunStatus.Succeeded, 2, 1);
        var b = await RunAsync("b", RunStatus.Succeeded, 2, 2);
        var c = await RunAsync("c", RunStatus.Succeeded, 2, 3);
        AddAuthorization().SetAuthorized("ann@x.org").SetRoles(Roles.Annotator);
        var cut = Render("/runs");
        cut.WaitForState(() => cut.FindAll("[data-testid=history-row]").Count == 3);
        Assert.Empty(cut.FindAll("[data-testid=history-add-to-campaign]"));
        Assert.Empty(cut.FindAll("[data-testid=history-campaign-from-filter]"));
        Assert.Empty(cut.FindAll("[data-testid=history-select-page]"));
        foreach (var run in new[] { a, b, c }) Pick(cut, run);
        Assert.Contains("(2/2)", cut.Find("[data-testid=history-compare]").TextContent);
    }

    /// <summary>Runs are never executed here.</summary>
    private sealed class NoJobs : IBackgroundJobClient
    {
        public string Create(Job job, IState state) => "job-1";
        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
