using Microsoft.AspNetCore.Diagnostics;

namespace RearPlayground.Web.Hosting;

/// <summary>
/// Every refusal of the API is problem details (application/problem+json) that say what was wrong and, where a
/// field was, name it in <c>errors</c> as the request spells it (camelCase JSON names, query parameter names).
/// The API's routes are those under /api and /hubs and Identity's endpoints (/login, /refresh, /manage).
/// </summary>
public static class ApiProblems
{
    private static readonly string[] Prefixes = ["/api", "/hubs", "/login", "/refresh", "/manage"];

    public static bool IsApi(HttpRequest request) => Prefixes.Any(p => request.Path.StartsWithSegments(p));

    /// <summary>A refusal naming <paramref name="field"/> (none when null) with <paramref name="message"/>.</summary>
    public static Task WriteAsync(HttpContext context, int status, string? field, string message)
    {
        var problem = field is null
            ? new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Detail = message }
            : new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] }) { Status = status, Detail = message };
        // Validation problems default to "One or more validation errors occurred.": right for 400 only.
        if (status != StatusCodes.Status400BadRequest) problem.Title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
        return TypedResults.Problem(problem).ExecuteAsync(context);
    }

    /// <summary>Status code pages for the API: an error status with no body gets problem details (pages keep theirs).</summary>
    public static Task StatusPageAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (!IsApi(http.Request)) return Task.CompletedTask;
        var status = http.Response.StatusCode;
        // The framework answers a body of the wrong media type itself (no exception): the body is what was wrong.
        var field = status is StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType ? "body" : null;
        return WriteAsync(http, status, field, Describe(status));
    }

    /// <summary>What an empty-bodied status of the API means, as a sentence.</summary>
    public static string Describe(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "sign in first: send a bearer token from POST /login, or the sign-in cookie",
        StatusCodes.Status403Forbidden => "your account's role does not allow this",
        StatusCodes.Status404NotFound => "there is nothing at this address (an id must be a GUID)",
        StatusCodes.Status405MethodNotAllowed => "this address does not take that method",
        StatusCodes.Status413PayloadTooLarge => $"the request body is larger than {ApiBodyLimit.MaxBytes} bytes",
        StatusCodes.Status415UnsupportedMediaType => "the request body must be JSON (Content-Type: application/json)",
        _ => "the request was refused",
    };

    /// <summary>
    /// The request's field a JSON path points into: <c>$.n</c> → n, <c>$.value[0].x</c> → value, <c>$['N']</c> → n;
    /// the whole body (<c>$</c>, none) → body.
    /// </summary>
    public static string FieldOfJsonPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "body";
        var rest = path.StartsWith('$') ? path[1..] : path;
        string name;
        if (rest.StartsWith("['", StringComparison.Ordinal))
        {
            var end = rest.IndexOf("']", StringComparison.Ordinal);
            name = end > 2 ? rest[2..end] : "";
        }
        else if (rest.StartsWith('.'))
        {
            var end = rest.IndexOfAny(['.', '['], 1);
            name = end < 0 ? rest[1..] : rest[1..end];
        }
        else name = "";
        return name.Length == 0 ? "body" : CamelCase(name);
    }

    public static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
