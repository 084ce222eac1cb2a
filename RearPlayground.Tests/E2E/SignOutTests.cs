using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using System.Text.RegularExpressions;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// Sign-out ends the session on the server: the sign-in cookie, copied before signing out, opens nothing afterwards
/// (the dashboard, the API, a page, the hub), while the same user's session on another device goes on.
/// </summary>
[Collection("Hangfire")]
public sealed class SignOutTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    [Fact]
    public async Task A_cookie_saved_before_sign_out_is_refused_after_it()
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(page);
        var other = await browser.NewPageAsync(app.BaseAddress); // another device of the same user
        await Pages.SignInAsync(other);
        var saved = await CookieAsync(page);
        var otherCookie = await CookieAsync(other);
        Assert.NotEqual(saved, otherCookie);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], await CallsAsync(saved));
        // A hub connection opened with the cookie before sign-out is closed by it; the other device's stays open.
        await using var open = await HubAsync(saved);
        await using var otherOpen = await HubAsync(otherCookie);
        var closed = new TaskCompletionSource();
        open.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        await page.TestId("account-menu").ClickAsync();
        await page.TestId("logout").ClickAsync();
        await page.WaitForURLAsync(new Regex("/account/login"));

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(HubConnectionState.Connected, otherOpen.State);
        var after = await CallsAsync(saved);
        Assert.Equal(HttpStatusCode.Unauthorized, after[0]); // /hangfire
        Assert.Equal(HttpStatusCode.Unauthorized, after[1]); // /api/runs
        Assert.Equal(HttpStatusCode.Redirect, after[2]); // a page: to sign-in
        Assert.Equal(HttpStatusCode.Unauthorized, after[3]); // the hub
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], await CallsAsync(otherCookie));
    }

    private async Task<HubConnection> HubAsync(string cookie)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "hubs/runs"), o => o.Headers.Add("Cookie", $"rear.auth={cookie}"))
            .Build();
        await connection.StartAsync();
        return connection;
    }

    private static async Task<string> CookieAsync(Microsoft.Playwright.IPage page) =>
        (await page.Context.CookiesAsync()).Single(c => c.Name == "rear.auth").Value;

    /// <summary>/hangfire, /api/runs, the History page and the hub's negotiate, each with only the cookie.</summary>
    private async Task<HttpStatusCode[]> CallsAsync(string cookie)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Add("Cookie", $"rear.auth={cookie}");
        var codes = new List<HttpStatusCode>();
        foreach (var (method, path) in new[] { ("GET", "/hangfire"), ("GET", "/api/runs"), ("GET", "/runs"), ("POST", "/hubs/runs/negotiate?negotiateVersion=1") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (path == "/runs") request.Headers.Accept.ParseAdd("text/html");
            using var response = await client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.Redirect) Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath);
            codes.Add(response.StatusCode);
        }
        return [.. codes];
    }
}
