using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Identity;

namespace RearPlayground.Web.Accounts;

/// <summary>
/// Sign-in that tells nobody which accounts exist, and that nobody can use to lock a teammate out:
/// <list type="bullet">
/// <item>an unknown email costs one password hash check too (against a dummy hash), so it takes as long as a wrong
/// password for a real account, and both answer Failed;</item>
/// <item>the password is checked before anything else, so LockedOut or NotAllowed only ever reach someone who knows
/// the password;</item>
/// <item>failures never count towards a lockout: only an admin's explicit lock (<see cref="UserAdmin.SetLockoutAsync"/>)
/// locks an account. Guessing is slowed by the per-client rate limit on sign-in instead (Hosting/SignInRateLimit).</item>
/// </list>
/// </summary>
public sealed class UniformSignInManager(UserManager<IdentityUser> users, IHttpContextAccessor context,
    IUserClaimsPrincipalFactory<IdentityUser> claims, IOptions<IdentityOptions> options, ILogger<SignInManager<IdentityUser>> logger,
    IAuthenticationSchemeProvider schemes, IUserConfirmation<IdentityUser> confirmation)
    : SignInManager<IdentityUser>(users, context, claims, options, logger, schemes, confirmation)
{
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<IdentityUser>().HashPassword(new IdentityUser(), Guid.NewGuid().ToString("N")));

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            UserManager.PasswordHasher.VerifyHashedPassword(new IdentityUser(), DummyHash.Value, password ?? "");
            return SignInResult.Failed;
        }
        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure: false);
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(IdentityUser user, string password, bool lockoutOnFailure)
    {
        if (!await UserManager.CheckPasswordAsync(user, password)) return SignInResult.Failed;
        return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false);
    }
}
