using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// Who reaches what: no page, API route, hub or dashboard without signing in; admin-only pages, routes and the
/// dashboard refused to other roles; publishing into the hub refused to annotators. Refusals of the API are
/// problem details.
/// </summary>
[Collection("Hangfire")]
public sealed class AccessTests(StressApp app) : IClassFixture<StressApp>
{
    private const string Id = "6f1c2d3e-0000-4000-8000-000000000001";

    public static TheoryData<string> Pages() => new(
        "/", "/runs", $"/runs/{Id}", $"/runs/{Id}/results", $"/runs/{Id}/replay", $"/runs/compare?ids={Id}",
        "/annotate", $"/annotate/{Id}", "/evaluate", $"/evaluate/{Id}", "/export", "/models", "/users", "/calibrate", "/datasets",
        "/batches", $"/batches/{Id}");

    public static TheoryData<string, string> ApiRoutes() => new()
    {
        { "GET", "/api/runs" }, { "POST", "/api/runs" }, { "GET", $"/api/runs/{Id}" }, { "GET", $"/api/runs/{Id}/events" },
        { "POST", $"/api/runs/{Id}/cancel" }, { "POST", $"/api/runs/{Id}/rerun" }, { "GET", $"/api/runs/{Id}/rescore" },
        { "GET", $"/api/runs/{Id}/candidates/0/tokens" }, { "GET", $"/api/runs/{Id}/nodes/0/tokens?topK=3" },
        { "GET", $"/api/runs/{Id}/annotations" }, { "POST", $"/api/runs/{Id}/annotations" }, { "PUT", $"/api/runs/{Id}/annotations/1" },
        { "DELETE", $"/api/runs/{Id}/annotations/1" }, { "GET", "/api/annotate/queue" }, { "GET", "/api/models" },
        { "GET", "/api/export/dpo.jsonl" }, { "GET", "/api/export/runs.json" }, { "GET", "/api/export/scores.csv" },
        { "GET", "/api/users" }, { "POST", "/api/users" }, { "POST", "/hubs/runs/negotiate?negotiateVersion=1" },
        { "GET", "/manage/info" }, { "GET", "/api/campaigns" }, { "POST", "/api/campaigns" }, { "GET", "/api/campaigns/1" },
        { "GET", "/api/campaigns/1/next" }, { "POST", "/api/campaigns/1/items/1/judgments" }, { "PUT", "/api/campaigns/1/items/1/judgments" },
        { "GET", "/api/campaigns/1/items/1" }, { "GET", "/api/campaigns/1/export.jsonl" }, { "POST", "/api/campaigns/1/close" },
        { "POST", "/api/calibrate" }, { "GET", "/api/profiles" }, { "POST", "/api/profiles" }, { "DELETE", "/api/profiles/x" },
        { "POST", "/api/profiles/x/default" },
        { "GET", "/api/datasets" }, { "POST", "/api/datasets" }, { "GET", "/api/datasets/1" }, { "DELETE", "/api/datasets/1" },
        { "POST", "/api/datasets/pull" }, { "GET", "/api/datasets/pulls" }, { "GET", $"/api/datasets/pulls/{Id}" },
        { "POST", $"/api/datasets/pulls/{Id}/cancel" },
        { "GET", "/api/batches" }, { "POST", "/api/batches" }, { "GET", $"/api/batches/{Id}" }, { "POST", $"/api/batches/{Id}/cancel" },
        { "GET", $"/api/batches/{Id}/report" }, { "GET", $"/api/batches/{Id}/report.csv" }, { "GET", $"/api/batches/compare?a={Id}&b={Id}" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_page_sends_anonymous_visitors_to_sign_in(string path)
    {
        using var client = TeamClients.NoRedirects(app);
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task The_users_page_is_refused_to_an_annotator_who_sees_the_other_pages()
    {
        await TeamClients.EnsureUserAsync(app, TeamClients.Ann);
        using var ann = await TeamClients.CookieAsync(app, TeamClients.Ann, TeamClients.Password);

        using (var users = await ann.GetAsync("/users"))
        {
            Assert.Equal(HttpStatusCode.Redirect, users.StatusCode);
            Assert.StartsWith("/account/denied", users.Headers.Location!.AbsolutePath);
        }
        using var history = await ann.GetAsync("/runs");
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
    }

    [Theory]
    [MemberData(nameof(ApiRoutes))]
    public async Task An_api_route_answers_anonymous_callers_401_problem_details(string method, string path)
    {
        using var client = TeamClients.NoRedirects(app);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT") request.Content = JsonContent.Create(RunApi.Tiny());

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("stories260K", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "/api/users")]
    [InlineData("POST", "/api/users")]
    public async Task An_admin_route_answers_an_annotator_403_problem_details(string method, string path)
    {
        using var ann = await TeamClients.MemberAsync(app, TeamClients.Ann);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = JsonContent.Create(new { email = "eve@example.org", password = "Eve-pass-123", roles = new[] { "admin" } });

        using var response = await ann.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_dashboard_is_for_admins_only()
    {
        using (var anonymous = TeamClients.NoRedirects(app))
        using (var response = await anonymous.GetAsync("/hangfire"))
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using (var ann = await TeamClients.MemberAsync(app, TeamClients.Ann))
        using (var response = await ann.GetAsync("/hangfire"))
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var annCookie = await TeamClients.CookieAsync(app, TeamClients.Ann, TeamClients.Password);
        using (var response = await annCookie.GetAsync("/hangfire"))
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized or HttpStatusCode.Redirect, $"{response.StatusCode}");
        using var admin = await app.SignedInAsync();
        using (var response = await admin.GetAsync("/hangfire"))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_hub_refuses_anonymous_connections_and_annotators_publishing()
    {
        await using (var anonymous = new HubConnectionBuilder().WithUrl(new Uri(app.BaseAddress, "hubs/runs")).Build())
            Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync())).StatusCode);

        var run = await app.EndedRunAsync();
        await TeamClients.EnsureUserAsync(app, TeamClients.Ann);
        await using var hub = await app.HubAsync(await app.TokenAsync(TeamClients.Ann, TeamClients.Password));
        var delivered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var watcher = await app.HubAsync();
        watcher.On<RearPlayground.Web.Live.RunEventMessage>("event", m => { if (m.Type == "forged") delivered.TrySetResult(m.Type); });
        using var admin = await app.SignedInAsync();
        var last = (await RunApi.EventsAsync(admin, run)).Count;
        await watcher.InvokeAsync("Join", run, (long)last);

        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Publish", run, last + 1L, "forged", "{}"));

        // A worker's (here an admin's) publish goes through only for events it stored: a forged one is refused too, and
        // a stored one goes out as stored, whatever the caller sent with its sequence number.
        var refused = await Assert.ThrowsAsync<HubException>(() => watcher.InvokeAsync("Publish", run, last + 2L, "forged", "{}"));
        Assert.Contains("not stored", refused.Message);
        await watcher.InvokeAsync("Publish", run, (long)last, "forged", "{}");
        var seen = new TaskCompletionSource<RearPlayground.Web.Live.RunEventMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var second = await app.HubAsync();
        second.On<RearPlayground.Web.Live.RunEventMessage>("event", m => { if (m.Sequence == last) seen.TrySetResult(m); });
        await second.InvokeAsync("Join", run, last - 1L);
        Assert.NotEqual("forged", (await seen.Task.WaitAsync(TimeSpan.FromSeconds(10))).Type);
        Assert.False(delivered.Task.IsCompleted);
        Assert.Equal(last, (await RunApi.EventsAsync(admin, run)).Count);
    }

    [Fact]
    public async Task The_model_list_shows_server_folders_to_admins_only()
    {
        using var ann = await TeamClients.MemberAsync(app, TeamClients.Ann);
        using var admin = await app.SignedInAsync();

        var forAnn = await ann.GetStringAsync("/api/models");
        var forAdmin = await admin.GetStringAsync("/api/models");

        Assert.Contains("stories260K", forAnn);
        Assert.DoesNotContain(Support.SharedModels.Root, forAnn);
        Assert.Contains(Support.SharedModels.Root, forAdmin);
    }

    [Fact]
    public async Task No_event_of_a_run_shows_a_server_path()
    {
        var run = await app.EndedRunAsync();
        using var ann = await TeamClients.MemberAsync(app, TeamClients.Ann);

        var events = await ann.GetStringAsync($"/api/runs/{run}/events");
        var detail = await ann.GetStringAsync($"/api/runs/{run}");

        Assert.Contains("runStarted", events);
        foreach (var text in new[] { events, detail })
        {
            Assert.DoesNotContain(Support.SharedModels.Root, text);
            Assert.DoesNotContain("\"folder\"", text);
        }
    }
}
