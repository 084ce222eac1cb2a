using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RearPlayground.Tests.Web;
using RearPlayground.Web.Campaigns;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// λ calibrated in Chromium: a best campaign judged through the API (each pick the λ = 0 winner), fitted on /calibrate,
/// saved as a profile, then picked in the Playground; the run it starts stores the profile's λ.
/// </summary>
[Collection("Hangfire")]
public sealed class CalibrateTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    private static readonly LocatorAssertionsToHaveTextOptions LongWait = new() { Timeout = 60_000 };

    private async Task<long> JudgedBestCampaignAsync(HttpClient admin)
    {
        var runs = new List<Guid>();
        for (var i = 0; i < 3; i++) runs.Add(await RunApi.SubmitAsync(admin, RunApi.Bon(n: 4, maxTokens: 8)));
        foreach (var run in runs) Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(admin, run)));
        using var created = await admin.PostAsJsonAsync("/api/campaigns",
            new { name = "fit lambda", task = "best", reviewsPerItem = 1, runIds = runs, annotators = new[] { WebAppFactory.AdminEmail } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        // Items follow the runs' order; which is which shows once all are out: take each, then judge it by its run.
        var items = new List<long>();
        while (true)
        {
            using var next = await admin.GetAsync($"/api/campaigns/{id}/next");
            if (next.StatusCode == HttpStatusCode.NoContent) break;
            var item = (await next.Content.ReadFromJsonAsync<JsonObject>())!["itemId"]!.GetValue<long>();
            using var taken = await admin.PostAsJsonAsync($"/api/campaigns/{id}/items/{item}/judgments", new { best = "A" });
            Assert.Equal(HttpStatusCode.Created, taken.StatusCode);
            items.Add(item);
        }
        items.Sort();
        for (var k = 0; k < items.Count; k++)
        {
            var atZero = (await admin.GetFromJsonAsync<JsonObject>($"/api/runs/{runs[k]}/rescore?lambda=0"))!["best"]!.GetValue<int>();
            var label = BlindOrder.Label(Array.IndexOf(BlindOrder.For(items[k], WebAppFactory.AdminEmail, [0, 1, 2, 3]), atZero));
            using var judged = await admin.PutAsJsonAsync($"/api/campaigns/{id}/items/{items[k]}/judgments", new { best = label });
            Assert.Equal(HttpStatusCode.OK, judged.StatusCode);
        }
        return id;
    }

    [Fact]
    public async Task Fit_lambda_on_a_best_campaign_save_the_profile_and_run_the_playground_with_it()
    {
        using var admin = await app.SignedInAsync();
        await JudgedBestCampaignAsync(admin);

        var page = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(page, returnUrl: "/calibrate");
        await Expect(page.TestId("calibrate-source")).ToBeVisibleAsync();
        await page.TestId("calibrate-fit").ClickAsync();
        await Expect(page.TestId("calibrate-agreement")).ToHaveTextAsync("100.0 %", LongWait);
        var lambda = double.Parse(await page.TestId("calibrate-lambda").TextContentAsync() ?? "", CultureInfo.InvariantCulture);
        await Expect(page.Locator("[data-testid=calibrate-chart] [data-testid=sweep-line]")).ToHaveCountAsync(4);
        await Expect(page.Locator("[data-testid=calibrate-chart] [data-testid=sweep-marker]")).ToContainTextAsync("λ = 20");
        await Browser.ScreenshotAsync(page, "calibrate");

        await page.TestId("profile-name").FillAsync("e2e-fit");
        await page.TestId("profile-save").ClickAsync();
        await Expect(page.GetByText("Saved profile 'e2e-fit'")).ToBeVisibleAsync();
        var saved = (await admin.GetFromJsonAsync<JsonObject>("/api/profiles/e2e-fit"))!;
        Assert.Equal(lambda, saved["lambda"]!.GetValue<double>(), 3);

        // The same page on a phone.
        var phone = await browser.NewPageAsync(app.BaseAddress, phone: true);
        await Pages.SignInAsync(phone, returnUrl: "/calibrate");
        await phone.TestId("calibrate-fit").ClickAsync();
        await Expect(phone.TestId("calibrate-agreement")).ToHaveTextAsync("100.0 %", LongWait);
        await Browser.ScreenshotAsync(phone, "calibrate-phone");

        // The Playground with the profile: its λ fills the form and the run's stored request.
        await page.GotoAsync("/");
        await page.TestId("question").FillAsync("Once upon a time");
        await page.TestId("n").FillAsync("2");
        await page.TestId("max-tokens").FillAsync("8");
        await page.TestId("profile").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex("^\\s*e2e-fit · ") }).ClickAsync();
        await Expect(page.TestId("lambda")).ToHaveValueAsync(saved["lambda"]!.GetValue<double>().ToString(CultureInfo.InvariantCulture));
        await Browser.ScreenshotAsync(page, "playground-profile");
        var id = await PlaygroundRun.ClickRunAsync(page, app, "calibrate");
        var run = await RunApi.WaitForEndAsync(admin, id);
        Assert.Equal("e2e-fit", run["request"]!["profile"]!.GetValue<string>());
        Assert.Equal(saved["lambda"]!.GetValue<double>(), run["request"]!["lambda"]!.GetValue<double>());
    }
}
