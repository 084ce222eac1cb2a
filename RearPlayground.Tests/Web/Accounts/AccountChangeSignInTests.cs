using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
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
    [Fact]
    public async Task Locking_a_user_ends_their_cookie_sessions()
    {
        using var admin = await app.SignedInAsync();
        var email = TeamUsers.Unique("cookie");
        var id = await TeamUsers.CreateAsync(app, admin, email, Roles.Annotator);
        using var browser = await TeamClients.CookieAsync(app, email, TeamUsers.Password);
        using (var before = await browser.GetAsync("/api/runs")) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        Assert.Empty(await TeamUsers.LockAsync(app, id));

        using var after = await browser.GetAsync("/api/runs");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        using (var adminStill = await admin.GetAsync("/api/runs")) Assert.Equal(HttpStatusCode.OK, adminStill.StatusCode);
    }

    [Fact]
    public async Task Changing_a_users_roles_closes_the_hub_connections_their_bearer_token_opened()
    {
        using var admin = await app.SignedInAsync();
        var email = TeamUsers.Unique("hub");
        var id = await TeamUsers.CreateAsync(app, admin, email, Roles.Admin);
        await using var theirs = await app.HubAsync(await app.TokenAsync(email, TeamUsers.Password));
        await using var mine = await app.HubAsync();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        theirs.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        Assert.Empty(await TeamUsers.SetRolesAsync(app, id, Roles.Annotator));

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(HubConnectionState.Disconnected, theirs.State);
        Assert.Equal(HubConnectionState.Connected, mine.State);
    }
}
