using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// Replay by keyboard in a real browser: the arrows step one event each way (a step back undoes what the event showed),
/// space plays and pauses at the slow speeds, and keys typed into a field are left to it. Desktop and phone.
/// </summary>
[Collection("Hangfire")]
public sealed class ReplayTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Space_plays_and_pauses_and_the_arrows_step_one_event(bool phone)
    {
        using var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, RunApi.Tiny());
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, id)));
        var events = await RunApi.EventsAsync(client, id);
        var types = RunApi.Types(events).ToArray();
        var total = types.Length;

        var page = await browser.NewPageAsync(app.BaseAddress, phone);
        await Pages.SignInAsync(page, returnUrl: $"/runs/{id}/replay");
        var counter = page.TestId("replay-counter");
        await Expect(counter).ToHaveTextAsync($"event 0 / {total}");
        // The keys listener is registered after the first render: wait for the circuit to be interactive.
        await Expect(page.TestId("replay-play")).ToBeEnabledAsync();

        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(counter).ToHaveTextAsync($"event 1 / {total}");
        await Expect(page.TestId("replay-event")).ToHaveTextAsync(types[0]);
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(counter).ToHaveTextAsync($"event 2 / {total}");
        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(counter).ToHaveTextAsync($"event 1 / {total}");
        await Expect(page.TestId("replay-event")).ToHaveTextAsync(types[0]);

        // To the last event and one back: the run's end is undone (the view is rebuilt from the first event).
        for (var i = 1; i < total; i++) await page.Keyboard.PressAsync("ArrowRight");
        await Expect(counter).ToHaveTextAsync($"event {total} / {total}");
        await Expect(page.TestId("run-status")).ToHaveTextAsync("succeeded");
        await Expect(page.TestId("candidate")).ToHaveCountAsync(2);
        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(counter).ToHaveTextAsync($"event {total - 1} / {total}");
        await Expect(page.TestId("run-status")).ToHaveTextAsync("running");
        await Expect(page.TestId("replay-event")).ToHaveTextAsync(types[^2]);

        for (var i = 1; i < total; i++) await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(counter).ToHaveTextAsync($"event 0 / {total}");

        // Space plays at ×0.1 and pauses. On a run of seconds (×0.1: tens of seconds), so the pause always comes
        // before the end: a run of milliseconds could end on its own before the second key arrived on a busy machine.
        var longId = await RunApi.SubmitAsync(client, RunApi.Long());
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, longId, timeoutSeconds: 180)));
        await page.GotoAsync($"/runs/{longId}/replay");
        await Expect(counter).ToHaveTextAsync(new Regex(@"^event 0 / \d+$"));
        await Expect(page.TestId("replay-play")).ToBeEnabledAsync();
        await page.Locator("[data-testid=replay-speed] button").Filter(new() { HasTextRegex = new Regex(@"^×0\.1$") }).ClickAsync();
        await page.Keyboard.PressAsync(" ");
        await Expect(page.TestId("replay-play")).ToHaveAttributeAsync("aria-label", "pause");
        await Expect(counter).Not.ToHaveTextAsync(new Regex(@"^event 0 / "));
        await page.Keyboard.PressAsync(" ");
        await Expect(page.TestId("replay-play")).ToHaveAttributeAsync("aria-label", "play");
        var paused = await counter.TextContentAsync();
        await page.WaitForTimeoutAsync(500);
        await Expect(counter).ToHaveTextAsync(paused!);
        await Browser.ScreenshotAsync(page, phone ? "replay-keys-phone" : "replay-keys");

        // A key typed into a field is the field's: the replay neither plays nor steps.
        await page.EvaluateAsync("() => { const i = document.createElement('input'); i.id = 'typing'; document.body.appendChild(i); }");
        await page.Locator("#typing").FocusAsync();
        await page.Keyboard.PressAsync(" ");
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.Locator("#typing")).ToHaveValueAsync(" ");
        await page.WaitForTimeoutAsync(300);
        await Expect(page.TestId("replay-play")).ToHaveAttributeAsync("aria-label", "play");
        await Expect(counter).ToHaveTextAsync(paused!);
    }
}
