using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace RearPlayground.Web.Accounts;

/// <summary>
/// A page's circuit took its user from the cookie when it opened and would keep them after a sign-out elsewhere:
/// every <see cref="Interval"/> it checks that the session still exists (<see cref="SessionTicketStore"/>), and
/// when it does not, the page falls back to signed-out (the router sends it to sign-in).
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory logs, SessionTicketStore sessions) : RevalidatingServerAuthenticationStateProvider(logs)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        // A user without a session claim signed in some other way (a bearer token): nothing to recheck here.
        var key = state.User.FindFirstValue(SessionTicketStore.SessionClaim);
        return key is null || await sessions.IsActiveAsync(key);
    }
}
