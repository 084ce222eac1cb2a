using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Web.Accounts;

namespace RearPlayground.Tests.Web.Accounts;

/// <summary>
/// A bearer token issued before its account changed stops working at its next call: the user locked out, removed, or (by
/// another admin) given other roles answers 401; signing in again gives a token with the account as it is now. Tokens of
/// accounts that did not change keep working. The real app: its SQLite file, Identity stores and middleware.
/// </summary>
[Collection("Hangfire")]
public sealed class BearerRevalidationTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_locked_out_users_token_is_refused_at_its_next_call()
    {
        using var admin = await app.SignedInAsync();
        var email = TeamUsers.Unique("locked");
        var id = await TeamUsers.CreateAsync(app, admin, email, Roles.Annotator);
        using var user = await app.SignedInAsync(email, TeamUsers.Password);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(user, "/api/runs"));

        Assert.Empty(await TeamUsers.LockAsync(app, id));

        using var response = await user.GetAsync("/api/runs");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(admin, "/api/runs"));
    }

    [Fact]
    public async Task A_demoted_admins_old_token_is_refused_and_a_new_one_has_the_new_roles()
    {
        using var admin = await app.SignedInAsync();
        var email = TeamUsers.Unique("demoted");
        var id = await TeamUsers.CreateAsync(app, admin, email, Roles.Admin);
        using var before = await app.SignedInAsync(email, TeamUsers.Password);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(before, "/api/users"));

        Assert.Empty(await TeamUsers.SetRolesAsync(app, id, Roles.Annotator));

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(before, "/api/users"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(before, "/api/runs"));
        using var after = await app.SignedInAsync(email, TeamUsers.Password);
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(after, "/api/users"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(after, "/api/runs"));
    }

    [Fact]
    public async Task A_removed_users_token_is_refused_and_setting_the_same_roles_again_ends_nothing()
    {
        using var admin = await app.SignedInAsync();
        var kept = TeamUsers.Unique("kept");
        var keptId = await TeamUsers.CreateAsync(app, admin, kept, Roles.Annotator);
        var removed = TeamUsers.Unique("removed");
        await TeamUsers.CreateAsync(app, admin, removed, Roles.Annotator);
        using var keptClient = await app.SignedInAsync(kept, TeamUsers.Password);
        using var removedClient = await app.SignedInAsync(removed, TeamUsers.Password);

        // The same roles again: nothing changed, so the account's sign-ins stay.
        Assert.Empty(await TeamUsers.SetRolesAsync(app, keptId, Roles.Annotator));
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            Assert.True((await users.DeleteAsync((await users.FindByEmailAsync(removed))!)).Succeeded);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(removedClient, "/api/runs"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(keptClient, "/api/runs"));
    }
}
