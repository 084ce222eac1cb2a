using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// The app's own error pages in the browser: a mistyped address gets the not-found page (404, inside the layout,
/// a way home), typed or followed inside the app; the dashboard sends an anonymous visitor to sign in and shows a
/// signed-in non-admin the no-access page (403). The API keeps its problem details.
/// </summary>
[Collection("Hangfire")]
public sealed class ErrorPagesTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    private const string AnnotatorEmail = "carl@example.org", AnnotatorPassword = "Carl-pass-123";

    [Fact]
    public async Task A_mistyped_address_gets_the_apps_not_found_page_in_its_layout()
    {
        foreach (var phone in new[] { false, true })
        {
            var page = await browser.NewPageAsync(app.BaseAddress, phone);
            await Pages.SignInAsync(page);

            var response = await page.GotoAsync("/no-such-page");

            Assert.Equal(404, response!.Status);
            await Expect(page.TestId("not-found")).ToBeVisibleAsync();
            await Expect(page.Locator(".mud-appbar")).ToContainTextAsync("RearPlayground"); // the app's layout
            await Expect(page.TestId("not-found-home")).ToHaveAttributeAsync("href", "/");
            await Expect(page).ToHaveURLAsync(new Regex("/no-such-page$"));
            await Browser.ScreenshotAsync(page, phone ? "not-found-phone" : "not-found");
            await page.TestId("not-found-home").ClickAsync();
            await Expect(page.TestId("account-menu")).ToBeVisibleAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/$"));
        }

        // Inside the app (the Router, no request): the same page.
        var inApp = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(inApp);
        await inApp.EvaluateAsync("Blazor.navigateTo('/runs/not-a-run/nowhere')");
        await Expect(inApp.TestId("not-found")).ToBeVisibleAsync();

        // The API keeps JSON problems, even for a client that would take HTML.
        using var client = await app.SignedInAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/no-such-route");
        request.Headers.Accept.ParseAdd("text/html");
        using var api = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_dashboard_sends_an_anonymous_visitor_to_sign_in_and_shows_a_non_admin_the_no_access_page()
    {
        using (var admin = await app.SignedInAsync())
        {
            var users = (await admin.GetFromJsonAsync<JsonArray>("/api/users"))!;
            if (!users.Any(u => u!["email"]!.GetValue<string>() == AnnotatorEmail))
                using (var created = await admin.PostAsJsonAsync("/api/users", new { email = AnnotatorEmail, password = AnnotatorPassword, roles = new[] { "annotator" } }))
                    Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        foreach (var phone in new[] { false, true })
        {
            var page = await browser.NewPageAsync(app.BaseAddress, phone);
            await page.GotoAsync("/hangfire");
            await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?ReturnUrl=%2Fhangfire"));
            await Expect(page.TestId("login-email")).ToBeVisibleAsync();

            await Pages.SignInAsync(page, AnnotatorEmail, AnnotatorPassword, returnUrl: "/hangfire");
            var response = await page.ReloadAsync();

            Assert.Equal(403, response!.Status);
            await Expect(page.TestId("access-denied")).ToBeVisibleAsync();
            await Expect(page.Locator(".mud-appbar")).ToContainTextAsync("RearPlayground");
            await Expect(page.TestId("denied-home")).ToHaveAttributeAsync("href", "/");
            await Expect(page).ToHaveURLAsync(new Regex("/hangfire$"));
            await Browser.ScreenshotAsync(page, phone ? "hangfire-denied-phone" : "hangfire-denied");
        }
        Assert.Empty(browser.CspViolations);
    }
}
