namespace RearPlayground.Web.Hosting;

/// <summary>
/// Headers on every response (pages, API, static files, errors, the dashboard): no MIME sniffing, no framing, no
/// referrer to other sites, and a Content-Security-Policy the Blazor pages live with: scripts only from this origin
/// (blazor.web.js, MudBlazor, rear.js; no inline script, so injected markup cannot run), inline styles (MudBlazor
/// writes style attributes), the circuit's WebSocket to this origin, images from here or data: URIs. Hangfire's
/// dashboard loads its scripts from files, so it needs nothing more (E2E/HardeningTests watch for violations).
/// </summary>
public static class SecurityHeaders
{
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // At send time: the exception handler and status code pages clear headers set before them.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = Policy;
            return Task.CompletedTask;
        });
        return next(context);
    });
}
