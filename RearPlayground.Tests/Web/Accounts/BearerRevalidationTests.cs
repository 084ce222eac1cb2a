using System.Net;
using System.Net.Http.Json;
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
    private const string Password = "Team-pass-12";

    private async Task<string> CreateAsync(HttpClient admin, string email, params string[] roles)
    {
        using var created = await admin.PostAsJsonAsync("/api/users", new { email, password = Password, roles });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await IdOfAsync(email);
    }

    private async Task<string> IdOfAsync(string email)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        return (await users.FindByEmailAsync(email))!.Id;
    }

    private HttpClient With(string token)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20] + "@example.org";

    [Fact]
    public async Task A_locked_out_users_token_is_refused_at_its_next_call()
    {
        using var admin = await app.SignedInAsync();
        var email = Unique("locked");
        var id = await CreateAsync(admin, email, Roles.Annotator);
        using var user = With(await app.TokenAsync(email, Password));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(user, "/api/runs"));

        Assert.Empty(await app.Services.GetRequiredService<UserAdmin>().SetLockoutAsync(await IdOfAsync(WebAppFactory.AdminEmail), id, UserAdmin.Indefinitely));

        using var response = await user.GetAsync("/api/runs");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(admin, "/api/runs"));
    }

    [Fact]
    public async Task A_demoted_admins_old_token_is_refused_and_a_new_one_has_the_new_roles()
    {
        using var admin = await app.SignedInAsync();
        var email = Unique("demoted");
        var id = await CreateAsync(admin, email, Roles.Admin);
        using var before = With(await app.TokenAsync(email, Password));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(before, "/api/users"));

        Assert.Empty(await app.Services.GetRequiredService<UserAdmin>().SetRolesAsync(await IdOfAsync(WebAppFactory.AdminEmail), id, [Roles.Annotator]));

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(before, "/api/users"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(before, "/api/runs"));
        using var after = With(await app.TokenAsync(email, Password));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(after, "/api/users"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(after, "/api/runs"));
    }

    [Fact]
    public async Task A_removed_users_token_is_refused_and_setting_the_same_roles_again_ends_nothing()
    {
        using var admin = await app.SignedInAsync();
        var kept = Unique("kept");
        var keptId = await CreateAsync(admin, kept, Roles.Annotator);
        var removed = Unique("removed");
        await CreateAsync(admin, removed, Roles.Annotator);
        using var keptClient = With(await app.TokenAsync(kept, Password));
        using var removedClient = With(await app.TokenAsync(removed, Password));

        // The same roles again: nothing changed, so the account's sign-ins stay.
        Assert.Empty(await app.Services.GetRequiredService<UserAdmin>().SetRolesAsync(await IdOfAsync(WebAppFactory.AdminEmail), keptId, [Roles.Annotator]));
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            Assert.True((await users.DeleteAsync((await users.FindByEmailAsync(removed))!)).Succeeded);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(removedClient, "/api/runs"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(keptClient, "/api/runs"));
    }
}
