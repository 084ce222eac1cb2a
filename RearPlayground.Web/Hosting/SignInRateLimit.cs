using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
namespace RearPlayground.Web.Hosting;

/// <summary>
/// Sign-in attempts (POST /login: the API's and the sign-in page's, which posts there) are limited per client
/// address: "Rear:SignIn:PermitLimit" attempts (default 10) per "Rear:SignIn:WindowSeconds" (default 60). One more
/// is answered 429 problem details with Retry-After. Nothing else is limited. Part of the request pipeline (beside
/// ApiProblems, which writes the 429), so that Accounts need not import Hosting: Hosting imports Accounts, not back.
/// </summary>
public static class SignInRateLimit
{
    public static void AddSignInRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("Rear:SignIn:PermitLimit", 10);
        var window = TimeSpan.FromSeconds(configuration.GetValue("Rear:SignIn:WindowSeconds", 60));
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignIn(context.Request)
                ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter(""));
            o.OnRejected = (rejected, _) => Reject(rejected, window);
        });
    }

    public static bool IsSignIn(HttpRequest request) => HttpMethods.IsPost(request.Method) && request.Path.Equals("/login", StringComparison.OrdinalIgnoreCase);

    private static async ValueTask Reject(OnRejectedContext rejected, TimeSpan window)
    {
        var seconds = (int)Math.Ceiling((rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window).TotalSeconds);
        rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, seconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ApiProblems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, null,
            $"too many sign-in attempts from this address: try again in {Math.Max(1, seconds)} seconds");
    }
}
