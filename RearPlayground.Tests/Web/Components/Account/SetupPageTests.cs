using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data;
using RearPlayground.Web.Accounts;
using RearPlayground.Web.Components.Pages.Account;

namespace RearPlayground.Tests.Web.Components.Account;

/// <summary>
/// The setup page on real Identity stores with the app's password rule: a refused password shows Identity's reasons as
/// one alert, one line each, never joined into one run-on line.
/// </summary>
public sealed class SetupPageTests : MudTestContext, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rear-setup-tests-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _identity = null!;
    private readonly SetupToken _token = new();

    async Task IAsyncLifetime.InitializeAsync()
    {
        var services = new ServiceCollection().AddLogging().AddRearData(Path.Combine(_folder, "rear.db"));
        services.AddDataProtection();
        services.AddIdentityCore<IdentityUser>(o => o.Password.RequiredLength = 8)
            .AddRoles<IdentityRole>().AddEntityFrameworkStores<RearDbContext>().AddDefaultTokenProviders();
        _identity = services.BuildServiceProvider();
        await _identity.MigrateRearDataAsync();
        using (var scope = _identity.CreateScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in Roles.All) await roles.CreateAsync(new IdentityRole(role));
        }
        Services.AddSingleton(new UserAdmin(_identity.GetRequiredService<IServiceScopeFactory>()));
        Services.AddSingleton(_token);
    }

    [Fact]
    public void A_refused_password_lists_each_reason_on_its_own_line()
    {
        var token = _token.Issue();
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("token", token));
        var cut = Render<Setup>();

        cut.Find("[data-testid=setup-email] input, input[data-testid=setup-email]").Input("lead@example.org");
        cut.Find("[data-testid=setup-password] input, input[data-testid=setup-password]").Input("short");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=setup-error-item]")), TimeSpan.FromSeconds(10));
        var items = cut.FindAll("[data-testid=setup-error-item]").Select(i => i.TextContent.Trim()).ToArray();
        // Too short, no digit, no upper case, no symbol: Identity's four reasons, four lines in one alert.
        Assert.Single(cut.FindAll("[data-testid=setup-error]"));
        Assert.Equal(4, items.Length);
        Assert.Contains(items, i => i.Contains("at least 8 characters"));
        Assert.Contains(items, i => i.Contains("digit"));
        Assert.All(items, i => Assert.DoesNotContain(".;", i));
        Assert.All(items, i => Assert.DoesNotContain("cannot create", i));
        Assert.DoesNotContain(".;", cut.Find("[data-testid=setup-error]").TextContent);
        // Nothing was created, and the link still works for the next try.
        Assert.True(_token.Matches(token));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _identity.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
