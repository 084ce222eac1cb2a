using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// Submitting from the Playground in a real browser: a double click starts one run; a store that cannot take the run
/// says so and keeps the form; the URL names the run, so a reload or a second tab shows it live with the form filled;
/// Run is in view on first load at desktop and phone size.
/// </summary>
[Collection("Hangfire")]
public sealed class PlaygroundSubmitTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    private static readonly LocatorAssertionsToHaveTextOptions LongRun = new() { Timeout = 180_000 };

    private async Task<IPage> PlaygroundAsync(bool phone = false, string returnUrl = "/")
    {
        var page = await browser.NewPageAsync(app.BaseAddress, phone);
        await Pages.SignInAsync(page, returnUrl: returnUrl);
        // The model list has loaded (its facts show under the picker) once the form is ready.
        await Expect(page.Locator("[id$=-helper-text]").Filter(new() { HasText = "layers · vocabulary" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        return page;
    }

    private static async Task ChooseAsync(IPage page, string testId, string option)
    {
        await page.TestId(testId).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(option)}\\s*$") }).ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    // A Best-of-4 of 24 tokens whose question carries tag (the run list's text filter finds it by that).
    private static async Task FillTinyRunAsync(IPage page, string tag)
    {
        await page.TestId("question").FillAsync($"Once upon a time {tag}");
        await page.TestId("preference").FillAsync("Tom was a cat who loved to eat fish.");
        await page.TestId("n").FillAsync("4");
        await page.TestId("max-tokens").FillAsync("24");
    }

    private static async Task<JsonArray> RunsWithAsync(HttpClient client, string tag) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/runs?text={tag}&pageSize=100"))!["items"]!.AsArray();

    [Fact]
    public async Task A_double_click_on_Run_starts_one_run()
    {
        using var client = await app.SignedInAsync();
        var tag = "dbl" + Guid.NewGuid().ToString("N")[..10];
        var page = await PlaygroundAsync();
        await FillTinyRunAsync(page, tag);

        await page.TestId("run-button").DblClickAsync();

        await PlaygroundRun.WaitForRunUrlAsync(page, app, "double-click");
        await Expect(page.TestId("run-status")).ToHaveTextAsync("succeeded", LongRun);
        var runs = await RunsWithAsync(client, tag);
        Assert.Equal([PlaygroundRun.IdIn(page)], runs.Select(r => r!["id"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task A_store_locked_past_its_timeout_is_a_message_the_form_stays_and_Run_again_stores_one_run()
    {
        using var client = await app.SignedInAsync();
        var tag = "locked" + Guid.NewGuid().ToString("N")[..10];
        var page = await PlaygroundAsync();
        await FillTinyRunAsync(page, tag);

        // Another writer holds SQLite's write lock past the store's timeout (30 s): the submit is refused, not the page.
        await using (await DatabaseWriteLock.HoldAsync(app.DatabasePath))
        {
            await page.TestId("run-button").ClickAsync();
            await Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = "could not be stored" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await Browser.ScreenshotAsync(page, "playground-store-locked");
            Assert.DoesNotMatch(PlaygroundRun.RunUrl(), page.Url);
            await Expect(page.TestId("question")).ToHaveValueAsync($"Once upon a time {tag}");
            await Expect(page.TestId("run-button")).ToBeEnabledAsync();
        }

        // The lock gone, Run again (same form, same Idempotency-Key) stores the run once and it runs.
        var id = await PlaygroundRun.ClickRunAsync(page, app, "after-lock");
        await Expect(page.TestId("run-status")).ToHaveTextAsync("succeeded", LongRun);
        Assert.Equal([id], (await RunsWithAsync(client, tag)).Select(r => r!["id"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task A_reload_mid_run_shows_the_same_run_live_with_its_request_in_the_form()
    {
        var page = await PlaygroundAsync();
        const string question = "Once upon a time there was a fish";
        await page.TestId("question").FillAsync(question);
        await page.TestId("preference").FillAsync("Tom was a cat who loved to eat fish.");
        // One-token DVTS steps with a stop string that never comes: seconds of work, time to reload while it runs.
        await ChooseAsync(page, "method", "DVTS");
        await page.TestId("n").FillAsync("16");
        await page.TestId("step-tokens").FillAsync("1");
        await page.TestId("max-tokens").FillAsync("440");
        await page.TestId("max-steps").FillAsync("440");

        var id = await PlaygroundRun.ClickRunAsync(page, app, "reload-mid-run");
        await Expect(page.TestId("run-status")).ToHaveTextAsync("running", LongRun);

        await page.ReloadAsync();
        Assert.Equal(id, PlaygroundRun.IdIn(page));
        await Expect(page.TestId("run-link")).ToHaveAttributeAsync("href", $"/runs/{id}");
        await Expect(page.TestId("question")).ToHaveValueAsync(question);
        await Expect(page.TestId("max-steps")).ToHaveValueAsync("440");
        // Live: the reloaded page follows the run to its end (it was still running when the page came back).
        var status = await page.TestId("run-status").TextContentAsync();
        await Expect(page.TestId("run-status")).ToHaveTextAsync("succeeded", LongRun);
        await Expect(page.TestId("no-run")).ToHaveCountAsync(0);

        // A second tab (or a shared link) shows the same run and request.
        var other = await PlaygroundAsync(returnUrl: $"/?run={id}");
        await Expect(other.TestId("run-link")).ToHaveAttributeAsync("href", $"/runs/{id}");
        await Expect(other.TestId("question")).ToHaveValueAsync(question);
        await Expect(other.TestId("run-status")).ToHaveTextAsync("succeeded", LongRun);
        await Browser.ScreenshotAsync(other, "playground-run-url");

        // A wrong id says so, with the default form.
        var wrong = await PlaygroundAsync(returnUrl: $"/?run={Guid.NewGuid()}");
        await Expect(wrong.TestId("run-missing")).ToBeVisibleAsync();
        await Expect(wrong.TestId("question")).ToHaveValueAsync("");
        Assert.True(status?.Trim() is "running" or "succeeded", $"after the reload the run was {status}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_is_in_view_on_first_load(bool phone)
    {
        var page = await PlaygroundAsync(phone);
        var viewport = page.ViewportSize!;
        var box = await page.TestId("run-button").BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Y >= 0 && box.Y + box.Height <= viewport.Height, $"Run is at y = {box.Y}…{box.Y + box.Height}, the window is {viewport.Height} high");
        await Expect(page.TestId("run-button")).ToBeInViewportAsync(new() { Ratio = 1 });
        // What a newcomer sees first: the window, not the whole page.
        await page.ScreenshotAsync(new() { Path = Path.Combine(Browser.ScreenshotFolder, phone ? "playground-first-phone.png" : "playground-first.png") });

        // Still in view with the form half scrolled.
        await page.Mouse.WheelAsync(0, 300);
        await Expect(page.TestId("run-button")).ToBeInViewportAsync(new() { Ratio = 1 });
    }
}
