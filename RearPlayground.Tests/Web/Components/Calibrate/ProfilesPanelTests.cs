using System.Text.Json.Nodes;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Profiles;
using RearPlayground.Tests.Data;
using RearPlayground.Web.Components.Pages.Calibrate;
using RearPlayground.Web.Profiles;

namespace RearPlayground.Tests.Web.Components.Calibrate;

/// <summary>The profiles panel on /calibrate: the list with where each came from; admins make one the team default or delete one.</summary>
public sealed class ProfilesPanelTests : MudTestContext, IAsyncLifetime
{
    private TempDatabase _db = null!;
    private ProfileService _profiles = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        _db = await TempDatabase.CreateAsync();
        _profiles = new ProfileService(_db.Services.GetRequiredService<IProfileStore>(), TimeProvider.System);
        Services.AddSingleton(_profiles);
        Assert.True((await _profiles.CreateAsync(new ProfileCreate("hand", 20, 1, "mean", true, null), "alice", CancellationToken.None)).Ok);
        var source = new JsonObject { ["fittedOn"] = "campaign", ["campaignId"] = 3, ["agreement"] = 0.8421, ["pairs"] = 1204 };
        Assert.True((await _profiles.CreateAsync(new ProfileCreate("fitted", 4.5, 0.95, "sum", false, source), "bob", CancellationToken.None)).Ok);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _db.DisposeAsync();
    }

    private static string[] Names(IRenderedComponent<ProfilesPanel> cut) =>
        [.. cut.FindAll("[data-testid=profile-row-name]").Select(n => n.TextContent)];

    [Fact]
    public void Members_see_each_profile_and_where_it_came_from_but_no_admin_actions()
    {
        var cut = Render<ProfilesPanel>(p => p.Add(x => x.Admin, false));
        cut.WaitForAssertion(() => Assert.Equal(2, Names(cut).Length));
        var text = cut.Find("[data-testid=profiles]").TextContent;
        Assert.Contains("fitted on campaign 3 · 84.2 % of 1,204 pairs · bob", text);
        Assert.Contains("set by hand · alice", text);
        Assert.Empty(cut.FindAll("[data-testid=profile-make-default]"));
        Assert.Empty(cut.FindAll("[data-testid=profile-delete]"));
    }

    [Fact]
    public async Task An_admin_makes_one_the_team_default_then_another_and_deletes_one()
    {
        var cut = Render<ProfilesPanel>(p => p.Add(x => x.Admin, true));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=profile-make-default]").Count));
        cut.FindAll("[data-testid=profile-make-default]")[Array.IndexOf(Names(cut), "fitted")].Click();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=profile-default]")));
        Assert.True((await _profiles.FindAsync("fitted", CancellationToken.None))!.IsTeamDefault);

        cut.FindAll("[data-testid=profile-make-default]").Single().Click(); // "hand": the only one not default now
        cut.WaitForAssertion(() => Assert.True(_profiles.FindAsync("hand", CancellationToken.None).Result!.IsTeamDefault));
        Assert.False((await _profiles.FindAsync("fitted", CancellationToken.None))!.IsTeamDefault);

        cut.FindAll("[data-testid=profile-delete]")[Array.IndexOf(Names(cut), "fitted")].Click();
        cut.WaitForAssertion(() => Assert.Equal(["hand"], Names(cut)));
        Assert.Null(await _profiles.FindAsync("fitted", CancellationToken.None));
    }
}
