using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace RearPlayground.Web.Accounts;

/// <summary>Sign-out for the pages: a form post (with its antiforgery token) that ends the cookie session.</summary>
public static class AccountEndpoints
{
    public const string LoginPath = "/account/login", LogoutPath = "/account/logout", DeniedPath = "/account/denied";

    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(LogoutPath, async (HttpContext context, [FromForm] string? returnUrl) =>
        {
            await context.SignOutAsync(IdentityConstants.ApplicationScheme);
            return Results.LocalRedirect(LoginPath);
        }).ExcludeFromDescription();
    }

    /// <summary>Where to go after sign-in: only a local path, never another site.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? returnUrl : "/";
}
