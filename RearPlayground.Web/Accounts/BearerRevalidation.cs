using Microsoft.AspNetCore.Identity;

namespace RearPlayground.Web.Accounts;

/// <summary>
/// A bearer token from <c>POST /login</c> carries the claims of its sign-in for its whole life (an hour), and Identity looks at
/// the account again only when it is refreshed. Every request made with one is checked against the account as it is now:
/// removed, locked out, or its security stamp renewed (a password reset, a lockout, a change of its roles by an admin) →
/// 401, so a locked or demoted user's scripts stop at their next call, not an hour later. Cookie sign-ins have their own
/// check (server-side sessions and Identity's stamp validation); a principal with a session claim is one of those.
/// </summary>
public static class BearerRevalidation
{
    public static IApplicationBuilder UseBearerRevalidation(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (IsBearer(context) && !await StillValidAsync(context))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"the account has changed since this token was issued: sign in again\"";
            return;
        }
        await next(context);
    });

    private static bool IsBearer(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.FindFirst(SessionTicketStore.SessionClaim) is null;

    private static async Task<bool> StillValidAsync(HttpContext context)
    {
        var signIn = context.RequestServices.GetRequiredService<SignInManager<IdentityUser>>();
        // Null when the user is gone or the token's stamp is not the account's current one.
        var user = await signIn.ValidateSecurityStampAsync(context.User);
        return user is not null && !await signIn.UserManager.IsLockedOutAsync(user);
    }
}
