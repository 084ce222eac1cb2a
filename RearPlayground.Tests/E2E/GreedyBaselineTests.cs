using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// The Playground's "Include greedy baseline" box in a browser: the run stores the baseline, and its results show the N
/// ranked with the greedy answer apart; screenshots at desktop and phone width without the page overflowing.
/// </summary>
[Collection("Hangfire")]
public sealed class GreedyBaselineTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{

    [Fact]
    public async Task A_playground_run_with_the_box_ticked_shows_its_greedy_baseline_apart()
    {
        using var client = await app.SignedInAsync();
        var page = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(page, returnUrl: "/");
        await Expect(page.Locator("[id$=-helper-text]").Filter(new() { HasText = "layers · vocabulary" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.TestId("question").FillAsync("Once upon a time");
        await page.TestId("preference").FillAsync("Tom was a cat who loved to eat fish.");
        await page.TestId("n").FillAsync("4");
        await page.TestId("max-tokens").FillAsync("24");
        await page.TestId("include-greedy").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Include greedy baseline" })).ToBeCheckedAsync();
        var id = await PlaygroundRun.ClickRunAsync(page, app, "greedy-baseline");
        var run = await RunApi.WaitForEndAsync(client, id, 120);
        Assert.Equal("succeeded", RunApi.Status(run));
        Assert.True(run["request"]!["includeGreedy"]!.GetValue<bool>());
        var greedyText = run["greedy"]!["text"]!.GetValue<string>();

        await page.GotoAsync($"/runs/{id}/results");
        await Expect(page.TestId("candidate")).ToHaveCountAsync(4);
        await Expect(page.TestId("greedy-label")).ToHaveTextAsync("Greedy baseline — not among the 4");
        await Expect(page.TestId("greedy-text")).ToHaveTextAsync(greedyText);
        var shown = double.Parse((await page.TestId("greedy-score").TextContentAsync())!.Trim().Replace('−', '-'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(RunApi.Number(run["greedy"]!["score"]), shown, 3); // at the run's own λ: its stored score
        await AssertNoOverflowAsync(page);
        await page.TestId("greedy-baseline").ScrollIntoViewIfNeededAsync();
        await Browser.ScreenshotAsync(page, "greedy-baseline");

        var phone = await browser.NewPageAsync(app.BaseAddress, phone: true);
        await Pages.SignInAsync(phone, returnUrl: $"/runs/{id}/results");
        await Expect(phone.TestId("greedy-label")).ToHaveTextAsync("Greedy baseline — not among the 4");
        await AssertNoOverflowAsync(phone);
        await phone.TestId("greedy-baseline").ScrollIntoViewIfNeededAsync();
        await Browser.ScreenshotAsync(phone, "greedy-baseline-phone");

        // The picks API agrees: greedy is index 4, outside the pool.
        var picks = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/picks"))!;
        Assert.Equal(4, picks["picks"]!["greedy"]!.GetValue<int>());
    }

    private static async Task AssertNoOverflowAsync(IPage page)
    {
        var (scroll, width) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scroll <= width, $"the page is {scroll} px wide in a {width} px window");
    }
}
