using Microsoft.AspNetCore.Identity;
using RearPlayground.Data;

namespace RearPlayground.Web.Accounts;

/// <summary>One account as the users page lists it.</summary>
public sealed record UserSummary(string Id, string Email, IReadOnlyList<string> Roles, DateTimeOffset? LockedOutUntil)
{
    public bool IsLockedOut(DateTimeOffset now) => LockedOutUntil is { } end && end > now;
}

/// <summary>
/// Account operations for the pages. A singleton: each call takes its own DI scope, so a long-lived circuit never
/// holds Identity's DbContext. Failures come back as messages, never as exceptions, for inline display.
/// An admin cannot remove their own admin role or lock themselves out: the team would lose its way back in.
/// Locking a user, changing another user's roles or resetting a password ends that user's sign-ins at once
/// (<see cref="SessionTicketStore.EndAllAsync"/>): their claims are stale from then on.
/// </summary>
public sealed class UserAdmin(IServiceScopeFactory scopes, SessionTicketStore? sessions = null)
{
    public const string OwnAdminRole = "You cannot remove your own admin role: ask another admin to do it.";
    public const string OwnLockout = "You cannot lock yourself out.";

    /// <summary>"Locked until unlocked": Identity has no flag for that, only an end date.</summary>
    public static readonly DateTimeOffset Indefinitely = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public async Task<bool> AnyUsersAsync()
    {
        using var scope = scopes.CreateScope();
        return scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().Users.Any();
    }

    /// <summary>Every account, by email, with its roles and lockout end.</summary>
    public async Task<IReadOnlyList<UserSummary>> ListAsync()
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var result = new List<UserSummary>();
        foreach (var user in users.Users.OrderBy(u => u.Email).ToList())
            result.Add(new UserSummary(user.Id, user.Email ?? user.UserName ?? user.Id,
                [.. (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal)], user.LockoutEnd));
        return result;
    }

    /// <summary>Creates a user with <paramref name="roles"/>; the errors otherwise, one a message (empty on success).</summary>
    public async Task<IReadOnlyList<string>> CreateAsync(string email, string password, IEnumerable<string> roles)
    {
        if (EmailCheck.Problem(email) is { } problem) return [problem];
        var list = roles.ToList();
        if (UnknownRoles(list) is { } unknown) return [unknown];
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        // One message per refusal (Identity's password rules each have one), never joined into one line.
        return await BootstrapAdmin.TryCreateAsync(users, email, password, list);
    }

    /// <summary>Gives <paramref name="userId"/> exactly <paramref name="roles"/>. <paramref name="actingUserId"/> is the admin doing it.</summary>
    public async Task<IReadOnlyList<string>> SetRolesAsync(string actingUserId, string userId, IEnumerable<string> roles)
    {
        var wanted = roles.Distinct().ToList();
        if (UnknownRoles(wanted) is { } unknown) return [unknown];
        if (userId == actingUserId && !wanted.Contains(Roles.Admin)) return [OwnAdminRole];
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.FindByIdAsync(userId) is not { } user) return ["That user no longer exists."];
        // Removing and adding are separate saves: one transaction, so a refusal leaves the roles as they were.
        await using var transaction = await scope.ServiceProvider.GetRequiredService<RearDbContext>().Database.BeginTransactionAsync();
        var current = await users.GetRolesAsync(user);
        var errors = Errors(await users.RemoveFromRolesAsync(user, current.Except(wanted)));
        if (errors.Count == 0) errors = Errors(await users.AddToRolesAsync(user, wanted.Except(current)));
        // Another user's sign-ins carry their old roles: a new stamp ends them (bearer tokens at their next call). The acting
        // admin keeps theirs: they cannot drop their own admin role, so their claims can only lack a role just added.
        var changed = !current.Order().SequenceEqual(wanted.Order());
        var end = changed && userId != actingUserId;
        if (errors.Count == 0 && end) errors = Errors(await users.UpdateSecurityStampAsync(user));
        if (errors.Count > 0) return errors;
        await transaction.CommitAsync();
        if (end) await EndSignInsAsync(userId);
        return errors;
    }

    /// <summary>An admin sets a new password for <paramref name="userId"/>; the password policy's messages when it is refused.</summary>
    public async Task<IReadOnlyList<string>> ResetPasswordAsync(string userId, string newPassword)
    {
        if (string.IsNullOrEmpty(newPassword)) return ["Enter the new password."];
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.FindByIdAsync(userId) is not { } user) return ["That user no longer exists."];
        // The reset token path validates the password before changing anything, and renews the security stamp.
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var errors = Errors(await users.ResetPasswordAsync(user, token, newPassword));
        if (errors.Count == 0) await EndSignInsAsync(userId);
        return errors;
    }

    /// <summary>
    /// Locks <paramref name="userId"/> out until <paramref name="until"/> (null unlocks). The security stamp is renewed on
    /// locking, so the user's existing sign-ins end at their next validation.
    /// </summary>
    public async Task<IReadOnlyList<string>> SetLockoutAsync(string actingUserId, string userId, DateTimeOffset? until)
    {
        if (until is not null && userId == actingUserId) return [OwnLockout];
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.FindByIdAsync(userId) is not { } user) return ["That user no longer exists."];
        await using var transaction = await scope.ServiceProvider.GetRequiredService<RearDbContext>().Database.BeginTransactionAsync();
        if (until is not null && !user.LockoutEnabled)
        {
            var enabled = Errors(await users.SetLockoutEnabledAsync(user, true));
            if (enabled.Count > 0) return enabled;
        }
        var errors = Errors(await users.SetLockoutEndDateAsync(user, until));
        if (errors.Count == 0 && until is null) errors = Errors(await users.ResetAccessFailedCountAsync(user));
        if (errors.Count == 0 && until is not null) errors = Errors(await users.UpdateSecurityStampAsync(user));
        if (errors.Count > 0) return errors;
        await transaction.CommitAsync();
        if (until is not null) await EndSignInsAsync(userId);
        return errors;
    }

    private Task EndSignInsAsync(string userId) => sessions?.EndAllAsync(userId) ?? Task.CompletedTask;

    private static string? UnknownRoles(IEnumerable<string> roles)
    {
        var unknown = roles.Except(Roles.All).ToList();
        return unknown.Count > 0 ? $"unknown roles: {string.Join(", ", unknown)} (use {string.Join(", ", Roles.All)})" : null;
    }

    private static List<string> Errors(IdentityResult result) => [.. result.Errors.Select(e => e.Description)];
}
