using Microsoft.AspNetCore.Diagnostics;

namespace RearPlayground.Web.Hosting;

/// <summary>
/// The app's own pages for a browser's error statuses, instead of the browser's bare 404 or a blank 403: a GET that
/// asks for HTML and ends in an error status with no body is re-executed at <c>/error/{status}</c>, where
/// Components/Pages/NotFound.razor (404) and Account/Denied.razor (403) answer, keeping the status and the address.
/// The API keeps its problem details (<see cref="ApiProblems"/>). A re-executed page is rendered statically
/// (<see cref="IsReExecuted"/>): a circuit would route the browser's address again, not the error page's.
/// </summary>
public static class ErrorPages
{
    public const string PathFormat = "/error/{0}";
    public const string NotFoundPath = "/error/404", ForbiddenPath = "/error/403";

    private static readonly string[] NotPages = ["/_blazor", "/_framework", "/_content", RearPlayground.Web.Live.RunHub.Path, "/openapi", "/health"];

    /// <summary>
    /// After <see cref="ApiProblems.StatusPageAsync"/>'s status code pages, so it acts first. Not a UseWhen branch: a
    /// branch loses the app's routes, and the re-executed request would find no page. Whatever is not a page turns
    /// this one off for its request, leaving it to the API's.
    /// </summary>
    public static IApplicationBuilder UseErrorPages(this IApplicationBuilder app)
    {
        app.UseStatusCodePagesWithReExecute(PathFormat);
        return app.Use((context, next) =>
        {
            if (!WantsPage(context) && context.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
            return next(context);
        });
    }

    /// <summary>A browser asking for a page: GET or HEAD, HTML accepted, not the API or the framework's own routes.</summary>
    public static bool WantsPage(HttpContext context)
    {
        var request = context.Request;
        return (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && !ApiProblems.IsApi(request) && !NotPages.Any(p => request.Path.StartsWithSegments(p))
            && AcceptsHtml(request);
    }

    public static bool AcceptsHtml(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether this request is an error page being re-executed (App.razor then renders it without a circuit).</summary>
    public static bool IsReExecuted(HttpContext? context) => context?.Features.Get<IStatusCodeReExecuteFeature>() is not null;
}
