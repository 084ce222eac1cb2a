using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// Sign-in attempts are limited per client: past the limit even the right password gets 429 problem details with
/// Retry-After, while what was signed in before and everything that is not a sign-in goes on.
/// </summary>
[Collection("Hangfire")]
public sealed class SignInRateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>
{
    [Fact]
    public async Task Past_the_limit_sign_in_answers_429_and_nothing_else_is_limited()
    {
        using var admin = await app.SignedInAsync(); // attempt 1
        using var client = app.Anonymous();
        for (var i = 2; i <= RateLimitedApp.Limit; i++)
        {
            using var wrong = await client.PostAsJsonAsync("/login", new { email = WebAppFactory.AdminEmail, password = "Wrong-pass-1" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var limited = await client.PostAsJsonAsync("/login", new { email = WebAppFactory.AdminEmail, password = WebAppFactory.AdminPassword });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Contains("too many sign-in attempts", (await limited.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
        using var cookie = await client.PostAsJsonAsync("/login?useCookies=true", new { email = WebAppFactory.AdminEmail, password = WebAppFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, cookie.StatusCode);
        using var list = await admin.GetAsync("/api/runs");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
