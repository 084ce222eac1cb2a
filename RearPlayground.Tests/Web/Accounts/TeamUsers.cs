using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Web.Accounts;

namespace RearPlayground.Tests.Web.Accounts;

/// <summary>Team members the account tests create through <c>POST /api/users</c>, their ids in the app's Identity store, and the
/// bootstrap admin's changes to them (<see cref="UserAdmin"/>).</summary>
internal static class TeamUsers
{
    public const string Password = "Team-pass-12";

    /// <summary>An address no other test uses.</summary>
    public static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20] + "@example.org";

    /// <summary>Creates <paramref name="email"/> with <paramref name="roles"/> as <paramref name="admin"/> and returns its id.</summary>
    public static async Task<string> CreateAsync(WebAppFactory app, HttpClient admin, string email, params string[] roles)
    {
        using var created = await admin.PostAsJsonAsync("/api/users", new { email, password = Password, roles });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await IdOfAsync(app, email);
    }

    /// <summary>The bootstrap admin locks <paramref name="id"/> out for good, as the Users page does; the errors (none expected).</summary>
    public static async Task<IReadOnlyList<string>> LockAsync(WebAppFactory app, string id) =>
        await Admin(app).SetLockoutAsync(await IdOfAsync(app, WebAppFactory.AdminEmail), id, UserAdmin.Indefinitely);

    /// <summary>The bootstrap admin gives <paramref name="id"/> <paramref name="roles"/>, as the Users page does; the errors.</summary>
    public static async Task<IReadOnlyList<string>> SetRolesAsync(WebAppFactory app, string id, params string[] roles) =>
        await Admin(app).SetRolesAsync(await IdOfAsync(app, WebAppFactory.AdminEmail), id, roles);

    private static UserAdmin Admin(WebAppFactory app) => app.Services.GetRequiredService<UserAdmin>();

    public static async Task<string> IdOfAsync(WebAppFactory app, string email)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByEmailAsync(email))!.Id;
    }
}
