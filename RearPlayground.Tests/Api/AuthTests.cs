using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Api;

/// <summary>
/// Who may call what: nothing of the API, the hub or the dashboard without signing in; users and the dashboard
/// for admins only; publishing to the hub for workers (and admins) only; no self-registration.
/// </summary>
[Collection("Hangfire")]
public class AuthTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    private const string AnnotatorEmail = "annotator@example.org", AnnotatorPassword = "Annotator-pass-1";

    public static TheoryData<string, string> ProtectedRoutes()
    {
        const string id = "6f1c2d3e-0000-4000-8000-000000000001";
        return new TheoryData<string, string>
        {
            { "GET", "/api/runs" },
            { "POST", "/api/runs" },
            { "GET", $"/api/runs/{id}" },
            { "GET", $"/api/runs/{id}/events" },
            { "POST", $"/api/runs/{id}/cancel" },
            { "POST", $"/api/runs/{id}/rerun" },
            { "GET", $"/api/runs/{id}/rescore?lambda=1" },
            { "GET", $"/api/runs/{id}/picks" },
            { "GET", $"/api/runs/{id}/candidates/0/tokens" },
            { "GET", $"/api/runs/{id}/nodes/0/tokens?topK=3" },
            { "GET", "/api/models" },
            { "GET", "/api/users" },
            { "POST", "/api/users" },
            { "POST", "/hubs/runs/negotiate?negotiateVersion=1" },
            { "GET", "/hangfire" },
            { "GET", "/hangfire/jobs/enqueued" },
        };
    }

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task Anonymous_calls_are_refused(string method, string path)
    {
        using var client = app.Anonymous();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = JsonContent.Create(RunApi.Tiny());

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("stories260K", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_anonymous_hub_connection_is_refused()
    {
        await using var connection = new HubConnectionBuilder().WithUrl(new Uri(app.BaseAddress, "hubs/runs")).Build();
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);

        await using var forged = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "hubs/runs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>("not-a-token"))
            .Build();
        await Assert.ThrowsAsync<HttpRequestException>(() => forged.StartAsync());
    }

    [Fact]
    public async Task Self_registration_is_off()
    {
        using var client = app.Anonymous();
        using var response = await client.PostAsJsonAsync("/register", new { email = "someone@example.org", password = "Someone-pass-1" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var login = await client.PostAsJsonAsync("/login", new { email = "someone@example.org", password = "Someone-pass-1" });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_gets_no_token()
    {
        using var client = app.Anonymous();
        using var login = await client.PostAsJsonAsync("/login", new { email = WebAppFactory.AdminEmail, password = "wrong-Password-1" });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task An_annotator_runs_searches_but_is_refused_users_the_dashboard_and_publishing()
    {
        var annotator = await AnnotatorAsync();

        var id = await RunApi.SubmitAsync(annotator, RunApi.Tiny());
        var run = await RunApi.WaitForEndAsync(annotator, id);
        Assert.Equal(("succeeded", AnnotatorEmail), (RunApi.Status(run), run["owner"]!.GetValue<string>()));
        using (var users = await annotator.GetAsync("/api/users")) Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);
        using (var create = await annotator.PostAsJsonAsync("/api/users", new { email = "x@example.org", password = "X-pass-123", roles = new[] { "admin" } }))
            Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        using (var dashboard = await annotator.GetAsync("/hangfire")) Assert.Equal(HttpStatusCode.Forbidden, dashboard.StatusCode);

        // The hub lets an annotator watch, but not publish events into a run.
        await using var hub = await app.HubAsync(await app.TokenAsync(AnnotatorEmail, AnnotatorPassword));
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Publish", id, 999L, "runFinished", "{}"));
        Assert.Equal(run["lastSequence"]!.GetValue<long>(), (await RunApi.EventsAsync(annotator, id)).Count);
    }

    [Fact]
    public async Task An_admin_lists_and_creates_users_and_sees_the_dashboard()
    {
        using var admin = await app.SignedInAsync();
        await AnnotatorAsync();

        var users = (await admin.GetFromJsonAsync<JsonArray>("/api/users"))!;
        var annotator = users.Single(u => u!["email"]!.GetValue<string>() == AnnotatorEmail)!;
        Assert.Equal(["annotator"], annotator["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Contains(users, u => u!["email"]!.GetValue<string>() == WebAppFactory.AdminEmail);
        using (var unknownRole = await admin.PostAsJsonAsync("/api/users", new { email = "y@example.org", password = "Y-pass-123", roles = new[] { "root" } }))
            Assert.Contains("roles", await RunApi.ErrorKeysAsync(unknownRole));
        using (var weak = await admin.PostAsJsonAsync("/api/users", new { email = "z@example.org", password = "short" }))
            Assert.Contains("user", await RunApi.ErrorKeysAsync(weak));
        using var dashboard = await admin.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    // Creates the annotator once per factory (as the admin), then signs in as them.
    private async Task<HttpClient> AnnotatorAsync()
    {
        using var admin = await app.SignedInAsync();
        var users = (await admin.GetFromJsonAsync<JsonArray>("/api/users"))!;
        if (!users.Any(u => u!["email"]!.GetValue<string>() == AnnotatorEmail))
        {
            using var created = await admin.PostAsJsonAsync("/api/users", new { email = AnnotatorEmail, password = AnnotatorPassword, roles = new[] { "annotator" } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        return await app.SignedInAsync(AnnotatorEmail, AnnotatorPassword);
    }
}
