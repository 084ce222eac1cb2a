using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data;
using RearPlayground.Web.Accounts;
using RearPlayground.Web.Components.Pages.Users;

namespace RearPlayground.Tests.Web.Components.Users;

/// <summary>
/// The users page on real Identity stores (a temp SQLite file): an admin cannot remove their own admin role or lock
/// themselves out, and is told so; the same changes to another admin go through.
/// </summary>
public sealed class UsersPageTests : MudTestContext, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rear-users-tests-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _identity = null!;
    private UserAdmin _admin = null!;
    private string _selfId = "";

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
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            _selfId = (await BootstrapAdmin.CreateAsync(users, "lead@example.org", "Lead-pass-1", [Roles.Admin, Roles.Annotator])).Id;
            await BootstrapAdmin.CreateAsync(users, "other@example.org", "Other-pass-1", [Roles.Admin]);
        }
        _admin = new UserAdmin(_identity.GetRequiredService<IServiceScopeFactory>());
        Services.AddSingleton(_admin);
        var auth = AddAuthorization();
        auth.SetAuthorized("lead@example.org");
        auth.SetRoles(Roles.Admin);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, _selfId));
    }

    [Fact]
    public async Task An_admin_cannot_remove_their_own_admin_role_and_is_told_so()
    {
        var cut = Render<UsersPage>();
        Open(cut, "lead@example.org");
        Assert.Contains("This is your account", Row(cut, "lead@example.org").TextContent);

        In(cut, "lead@example.org", "input[data-testid=user-role-admin]").Change(false);
        In(cut, "lead@example.org", "[data-testid=user-save-roles]").Click();

        cut.WaitForAssertion(() => Assert.Equal(UserAdmin.OwnAdminRole, In(cut, "lead@example.org", "[data-testid=user-error]").TextContent.Trim()));
        var self = (await _admin.ListAsync()).Single(u => u.Email == "lead@example.org");
        Assert.Equal([Roles.Admin, Roles.Annotator], self.Roles);
    }

    [Fact]
    public async Task Another_admins_role_can_be_removed()
    {
        var cut = Render<UsersPage>();
        Open(cut, "other@example.org");
        Assert.DoesNotContain("This is your account", Row(cut, "other@example.org").TextContent);

        In(cut, "other@example.org", "input[data-testid=user-role-admin]").Change(false);
        In(cut, "other@example.org", "input[data-testid=user-role-annotator]").Change(true);
        In(cut, "other@example.org", "[data-testid=user-save-roles]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Roles saved.", In(cut, "other@example.org", "[data-testid=user-message]").TextContent.Trim()));
        var other = (await _admin.ListAsync()).Single(u => u.Email == "other@example.org");
        Assert.Equal([Roles.Annotator], other.Roles);
        cut.WaitForAssertion(() => Assert.Equal(["annotator"], Row(cut, "other@example.org").QuerySelectorAll("[data-testid=user-role]").Select(e => e.TextContent.Trim())));
    }

    [Fact]
    public async Task An_admin_cannot_lock_themselves_out_but_can_lock_and_unlock_another()
    {
        var cut = Render<UsersPage>();
        Open(cut, "lead@example.org");
        In(cut, "lead@example.org", "[data-testid=user-lock]").Click();
        cut.WaitForAssertion(() => Assert.Equal(UserAdmin.OwnLockout, In(cut, "lead@example.org", "[data-testid=user-error]").TextContent.Trim()));

        Open(cut, "other@example.org");
        In(cut, "other@example.org", "[data-testid=user-lock]").Click();
        cut.WaitForAssertion(() => Assert.Equal("locked", Row(cut, "other@example.org").QuerySelector("[data-testid=user-locked]")!.TextContent.Trim()));
        Assert.True((await _admin.ListAsync()).Single(u => u.Email == "other@example.org").IsLockedOut(DateTimeOffset.UtcNow));
        Assert.False((await _admin.ListAsync()).Single(u => u.Email == "lead@example.org").IsLockedOut(DateTimeOffset.UtcNow));

        In(cut, "other@example.org", "[data-testid=user-unlock]").Click();
        cut.WaitForAssertion(() => Assert.Null(Row(cut, "other@example.org").QuerySelector("[data-testid=user-locked]")));
    }

    private static IElement Row(IRenderedComponent<UsersPage> cut, string email) =>
        cut.FindAll("[data-testid=user-row]").Single(r => r.QuerySelector("[data-testid=user-email]")?.TextContent.Trim() == email);

    private static IElement In(IRenderedComponent<UsersPage> cut, string email, string selector) =>
        Row(cut, email).QuerySelector(selector) ?? throw new InvalidOperationException($"{selector} not found in the row of {email}");

    private static void Open(IRenderedComponent<UsersPage> cut, string email)
    {
        cut.WaitForAssertion(() => Row(cut, email));
        Row(cut, email).QuerySelector(".mud-expand-panel-header")!.Click();
        cut.WaitForAssertion(() => In(cut, email, "[data-testid=user-save-roles]"));
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
