using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Tests.Stress;
using RearPlayground.Web.Accounts;

namespace RearPlayground.Tests.Web.Accounts;

/// <summary>
/// An admin's change to another account ends that account's sign-ins at once: locking it ends its cookie sessions (the
/// next API call with the cookie is refused), and changing its roles closes the hub connections its bearer token opened.
/// The acting admin's own sign-ins are untouched. The real app: its SQLite sessions, Identity and SignalR hub.
/// </summary>
[Collection("Hangfire")]
public sealed class AccountChangeSignInTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    private const string Password = "Team-pass-12";

    private async Task<string> CreateAsync(HttpClient admin, string email, string role)
    {
        using var created = await admin.PostAsJsonAsync("/api/users", new { email, password = Password, roles = new[] { role } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByEmailAsync(email))!.Id;
    }

    private async Task<string> AdminIdAsync()
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByEmailAsync(WebAppFactory.AdminEmail))!.Id;
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20] + "@example.org";

    [Fact]
    public async Task Locking_a_user_ends_their_cookie_sessions()
    {
        using var admin = await app.SignedInAsync();
        var email = Unique("cookie");
        var id = await CreateAsync(admin, email, Roles.Annotator);
        using var browser = await TeamClients.CookieAsync(app, email, Password);
        using (var before = await browser.GetAsync("/api/runs")) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        Assert.Empty(await app.Services.GetRequiredService<UserAdmin>().SetLockoutAsync(await AdminIdAsync(), id, UserAdmin.Indefinitely));

        using var after = await browser.GetAsync("/api/runs");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        using (var adminStill = await admin.GetAsync("/api/runs")) Assert.Equal(HttpStatusCode.OK, adminStill.StatusCode);
    }

    [Fact]
    public async Task Changing_a_users_roles_closes_the_hub_connections_their_bearer_token_opened()
    {
        using var admin = await app.SignedInAsync();
        var email = Unique("hub");
        var id = await CreateAsync(admin, email, Roles.Admin);
        await using var theirs = await app.HubAsync(await app.TokenAsync(email, Password));
        await using var mine = await app.HubAsync();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        theirs.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        Assert.Empty(await app.Services.GetRequiredService<UserAdmin>().SetRolesAsync(await AdminIdAsync(), id, [Roles.Annotator]));

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(HubConnectionState.Disconnected, theirs.State);
        Assert.Equal(HubConnectionState.Connected, mine.State);
    }
}
