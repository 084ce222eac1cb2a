using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RearPlayground.Data;

namespace RearPlayground.Web.Accounts;

/// <summary>
/// Sign-in sessions kept on the server: the cookie carries only a session key, the ticket lives in the database, and
/// sign-out deletes it, so a copy of the cookie saved before sign-out opens nothing afterwards (pages, the API, the
/// hub, the dashboard). One session per sign-in, so signing out on one device leaves the others signed in (a
/// security stamp would end them all). The sessions are rows of Identity's AspNetUserTokens (provider
/// <see cref="Provider"/>, name = the session id, value = the protected ticket): no table of their own, they survive
/// restarts as the cookies do, and go with a deleted user.
/// </summary>
public sealed class SessionTicketStore(IDbContextFactory<RearDbContext> factory, IDataProtectionProvider protection, TimeProvider time,
    SessionConnections connections) : ITicketStore
{
    public const string Provider = "rear.session";
    /// <summary>The session's key as a claim of the signed-in user, so a Blazor circuit can check that it still exists.</summary>
    public const string SessionClaim = "rear.session";

    private readonly TicketDataFormat _format = new(protection.CreateProtector("RearPlayground.Sessions"));

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var userId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("a session needs the user's id");
        var key = $"{userId}:{Guid.NewGuid():N}";
        if (ticket.Principal.Identity is ClaimsIdentity identity)
        {
            foreach (var old in identity.FindAll(SessionClaim).ToList()) identity.RemoveClaim(old);
            identity.AddClaim(new Claim(SessionClaim, key));
        }
        await using var db = await factory.CreateDbContextAsync();
        // Sessions that ran out without a sign-out are dropped whenever the same user signs in again.
        var now = time.GetUtcNow();
        foreach (var row in await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == Provider).ToListAsync())
            if (Read(row.Value) is not { } stored || stored.Properties.ExpiresUtc < now) db.UserTokens.Remove(row);
        db.UserTokens.Add(new IdentityUserToken<string> { UserId = userId, LoginProvider = Provider, Name = Name(key), Value = _format.Protect(ticket) });
        await db.SaveChangesAsync();
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        if (Split(key) is not var (userId, name)) return;
        await using var db = await factory.CreateDbContextAsync();
        // Renewing a session that was signed out must not bring it back.
        if (await db.UserTokens.FindAsync(userId, Provider, name) is not { } row) return;
        row.Value = _format.Protect(ticket);
        await db.SaveChangesAsync();
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (Split(key) is not var (userId, name)) return null;
        await using var db = await factory.CreateDbContextAsync();
        var value = await db.UserTokens.AsNoTracking()
            .Where(t => t.UserId == userId && t.LoginProvider == Provider && t.Name == name).Select(t => t.Value).FirstOrDefaultAsync();
        return Read(value) is { } ticket && !(ticket.Properties.ExpiresUtc < time.GetUtcNow()) ? ticket : null;
    }

    public async Task RemoveAsync(string key)
    {
        if (Split(key) is not var (userId, name)) return;
        await using var db = await factory.CreateDbContextAsync();
        await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == Provider && t.Name == name).ExecuteDeleteAsync();
        connections.End(key);
    }

    /// <summary>
    /// Ends every sign-in of <paramref name="userId"/>: its sessions (pages, API calls and hub connections made with their
    /// cookies) and the hub connections its bearer tokens opened (the tokens themselves are refused by
    /// <see cref="BearerRevalidation"/> once the account's stamp is renewed). For an admin's lockout, role change or reset.
    /// </summary>
    public async Task EndAllAsync(string userId)
    {
        await using var db = await factory.CreateDbContextAsync();
        var names = await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == Provider).Select(t => t.Name).ToListAsync();
        await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == Provider).ExecuteDeleteAsync();
        foreach (var name in names) connections.End($"{userId}:{name}");
        connections.End(SessionConnections.BearerKey(userId));
    }

    /// <summary>Whether the session still exists (not signed out, not expired): what a Blazor circuit rechecks.</summary>
    public async Task<bool> IsActiveAsync(string key) => await RetrieveAsync(key) is not null;

    private AuthenticationTicket? Read(string? value) => string.IsNullOrEmpty(value) ? null : _format.Unprotect(value);

    private static string Name(string key) => key[(key.IndexOf(':') + 1)..];

    private static (string UserId, string Name)? Split(string key)
    {
        var colon = key.IndexOf(':');
        return colon > 0 && colon < key.Length - 1 ? (key[..colon], key[(colon + 1)..]) : null;
    }
}
