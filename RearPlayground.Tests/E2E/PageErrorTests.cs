using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// A page's unhandled error in a real browser: with SQLite's write lock held by another writer past the store's
/// timeout, the run page's "Run again" (a menu item, rendered under the popover provider) fails; the layout's error
/// panel names the cause instead of a dead circuit, and once the lock is gone Try again brings the run page back and
/// Run again works.
/// Screenshots at desktop and phone width.
/// </summary>
[Collection("Hangfire")]
public sealed class PageErrorTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    [Fact]
    public async Task A_store_locked_past_its_timeout_shows_the_error_panel_and_the_page_recovers()
    {
        using var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, RunApi.Bon(n: 2, maxTokens: 8));
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, id, timeoutSeconds: 180)));
        var page = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(page, returnUrl: $"/runs/{id}");

        await using (await DatabaseWriteLock.HoldAsync(app.DatabasePath))
        {
            await page.TestId("rerun-button").ClickAsync();
            await page.TestId("rerun-same").ClickAsync();
            await Expect(page.TestId("page-error-text")).ToContainTextAsync("database is locked", new() { Timeout = 60_000 });
            await Browser.ScreenshotAsync(page, "page-error");
            await page.SetViewportSizeAsync(390, 844);
            await Browser.ScreenshotAsync(page, "page-error-phone");
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways");
            await page.SetViewportSizeAsync(1280, 800);
        }

        // The circuit lives on: Try again renders the run page afresh, and Run again now starts the run.
        await page.TestId("page-error-retry").ClickAsync();
        await Expect(page.TestId("page-error")).ToHaveCountAsync(0);
        await page.TestId("rerun-button").ClickAsync();
        await page.TestId("rerun-same").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/runs/") && !url.Contains(id.ToString()));
        await Expect(page.TestId("rerun-of")).ToHaveAttributeAsync("data-rerun-of", id.ToString());
    }
}
