using Microsoft.AspNetCore.Identity;

namespace RearPlayground.Web.Accounts;

/// <summary>
/// Account operations for the pages. A singleton: each call takes its own DI scope, so a long-lived circuit never
/// holds Identity's DbContext. Failures come back as messages, never as exceptions, for inline display.
/// </summary>
public sealed class UserAdmin(IServiceScopeFactory scopes)
{
    public async Task<bool> AnyUsersAsync()
    {
        using var scope = scopes.CreateScope();
        return scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().Users.Any();
    }

    /// <summary>Creates a user with <paramref name="roles"/>; the errors Identity gave otherwise (empty on success).</summary>
    public async Task<IReadOnlyList<string>> CreateAsync(string email, string password, IEnumerable<string> roles)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        try
        {
            await BootstrapAdmin.CreateAsync(users, email, password, roles);
            return [];
        }
        catch (InvalidOperationException e)
        {
            return [e.Message];
        }
    }
}
