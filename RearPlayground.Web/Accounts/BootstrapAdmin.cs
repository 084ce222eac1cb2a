using Microsoft.AspNetCore.Identity;

namespace RearPlayground.Web.Accounts;

/// <summary>
/// Start-up: creates the roles, and the first admin from <c>Rear:Bootstrap:AdminEmail/AdminPassword</c>
/// when no user exists yet (self-registration is off, so this is the way in). Also ensures the optional
/// worker account (<c>Rear:Worker:Email/Password</c>) a standalone worker signs in with.
/// </summary>
public static class BootstrapAdmin
{
    public static async Task EnsureAsync(IServiceProvider services, IConfiguration configuration, ILogger logger)
    {
        using var scope = services.CreateScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");

        var email = configuration["Rear:Bootstrap:AdminEmail"];
        var password = configuration["Rear:Bootstrap:AdminPassword"];
        if (!users.Users.Any() && !string.IsNullOrEmpty(email) && !string.IsNullOrEmpty(password))
        {
            await CreateAsync(users, email, password, [Roles.Admin, Roles.Annotator]);
            logger.LogInformation("created the first admin {Email}", email);
        }

        var workerEmail = configuration["Rear:Worker:Email"];
        var workerPassword = configuration["Rear:Worker:Password"];
        if (!string.IsNullOrEmpty(workerEmail) && !string.IsNullOrEmpty(workerPassword) && await users.FindByEmailAsync(workerEmail) is null)
            await CreateAsync(users, workerEmail, workerPassword, [Roles.Worker]);
    }

    public static async Task<IdentityUser> CreateAsync(UserManager<IdentityUser> users, string email, string password, IEnumerable<string> roles)
    {
        var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
        Check(await users.CreateAsync(user, password), $"user {email}");
        Check(await users.AddToRolesAsync(user, roles), $"roles of {email}");
        return user;
    }

    /// <summary>As <see cref="CreateAsync"/> for a page: Identity's refusals come back one message each (empty on success).</summary>
    public static async Task<IReadOnlyList<string>> TryCreateAsync(UserManager<IdentityUser> users, string email, string password, IEnumerable<string> roles)
    {
        var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return [.. created.Errors.Select(e => e.Description)];
        var added = await users.AddToRolesAsync(user, roles);
        return added.Succeeded ? [] : [.. added.Errors.Select(e => e.Description)];
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"cannot create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}
