using System.Net;
using RearPlayground.Tests.Web;
using RearPlayground.Web.Hosting;

namespace RearPlayground.Tests.Stress;

/// <summary>Every response carries nosniff, no framing, a referrer policy and the Content-Security-Policy: pages, API, files, errors.</summary>
[Collection("Hangfire")]
public sealed class SecurityHeadersTests(StressApp app) : IClassFixture<StressApp>
{
    public static TheoryData<string, bool, int> Responses() => new()
    {
        { "/account/login", false, 200 },   // a page
        { "/runs", false, 302 },            // a page's redirect to sign-in
        { "/api/runs", false, 401 },        // an API refusal
        { "/api/runs", true, 200 },         // an API answer
        { "/api/nothing", true, 404 },      // an API error
        { "/no-such-page", false, 404 },    // a page error
        { "/css/app.css", false, 200 },     // a static file
        { "/js/rear.js", false, 200 },
        { "/_framework/blazor.web.js", false, 200 },
        { "/health", false, 200 },
        { "/openapi/v1.json", false, 200 },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task A_response_carries_the_security_headers(string path, bool signedIn, int status)
    {
        using var client = signedIn ? await app.SignedInAsync() : TeamClients.NoRedirects(app);

        using var response = await client.GetAsync(path);

        Assert.Equal(status, (int)response.StatusCode);
        AssertHeaders(response, SecurityHeaders.Policy);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
    }

    [Fact]
    public async Task The_dashboard_gets_the_same_headers()
    {
        using var admin = await app.SignedInAsync();
        using var response = await admin.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertHeaders(response, SecurityHeaders.Policy);
    }

    private static void AssertHeaders(HttpResponseMessage response, string policy)
    {
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal(policy, response.Headers.GetValues("Content-Security-Policy").Single());
    }
}
