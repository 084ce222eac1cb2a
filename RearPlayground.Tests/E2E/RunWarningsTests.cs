using Microsoft.Playwright;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// Issue 22, warnings in the browser: a real top-k 1 run on stories260K (identical candidates, tied scores) shows the codes
/// as chips in the live view as runFinished arrives, as banners on its page with the results still below, and as chips in
/// its History row; desktop and phone, without sideways scrolling.
/// </summary>
[Collection("Hangfire")]
public sealed class RunWarningsTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    private static readonly LocatorAssertionsToHaveTextOptions LongRun = new() { Timeout = 120_000 };

    private async Task<IPage> SignedInAsync(string url, bool phone = false)
    {
        var page = await browser.NewPageAsync(app.BaseAddress, phone);
        await Pages.SignInAsync(page, returnUrl: url);
        return page;
    }

    private static async Task NoSidewaysScrollAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page scrolls sideways");

    [Fact]
    public async Task A_top_k_1_run_shows_its_warnings_live_on_its_page_and_in_history()
    {
        using var client = await app.SignedInAsync();
        var body = RunApi.Bon(n: 4, maxTokens: 24);
        body["topK"] = 1;
        body["question"] = "Once upon a time, an owl";
        var id = await RunApi.SubmitAsync(client, body);

        // Opened at once: the page follows the run's events, so the chips come with runFinished.
        var live = await SignedInAsync($"/runs/{id}");
        await Expect(live.TestId("run-status")).ToHaveTextAsync("succeeded", LongRun);
        await Expect(live.TestId("live-warning")).ToContainTextAsync("identical-candidates");
        await Expect(live.TestId("live-warning")).ToContainTextAsync("scores-tied");

        foreach (var phone in new[] { false, true })
        {
            var page = await SignedInAsync($"/runs/{id}", phone);
            var banners = page.TestId("run-warning");
            await Expect(banners).ToHaveCountAsync(2);
            await Expect(banners.Nth(0)).ToContainTextAsync("identical-candidates");
            await Expect(banners.Nth(0)).ToContainTextAsync("All 4 candidates are the same text");
            await Expect(banners.Nth(1)).ToContainTextAsync("scores-tied");
            // Never hidden: the results are there too.
            await Expect(page.TestId("candidate")).ToHaveCountAsync(4);
            await NoSidewaysScrollAsync(page);
            await Browser.ScreenshotAsync(page, phone ? "run-warnings-phone" : "run-warnings");
        }

        foreach (var phone in new[] { false, true })
        {
            var history = await SignedInAsync("/runs?text=an%20owl", phone);
            var row = history.Locator($"[data-testid=history-row][data-run-id='{id}']");
            await Expect(row.GetByTestId("history-warning")).ToContainTextAsync("identical-candidates");
            await Expect(row.GetByTestId("history-warning")).ToContainTextAsync("scores-tied");
            await NoSidewaysScrollAsync(history);
            await Browser.ScreenshotAsync(history, phone ? "history-warnings-phone" : "history-warnings");
        }
    }
}
