using Microsoft.Playwright;
using RearPlayground.Tests.E2E;
using RearPlayground.Tests.Web;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// Faults: a browser watching a live DVTS run loses its connection mid-run (its connections reset by a relay and the
/// browser offline while the run goes on), then comes back. Blazor reconnects to its circuit and the live view catches
/// up: once the run ends the page shows exactly the stored run's tree nodes (no gap, no duplicate), its final status
/// and its counts. Screenshots: .artifacts/screenshots/reconnected-live.png (just back) and reconnected-ended.png.
/// </summary>
[Collection("Hangfire")]
public sealed class FaultsReconnectTests(Browser browser, ITestOutputHelper output) : IClassFixture<Browser>
{
    private static readonly LocatorAssertionsToHaveTextOptions LongRun = new() { Timeout = 240_000 };

    [Fact]
    public async Task A_live_run_page_that_loses_its_connection_mid_run_catches_up_without_gap_or_duplicate()
    {
        // Paced: a fast machine would finish the run before the cut otherwise.
        await using var app = new PacedStoreApp();
        using var api = await app.SignedInAsync();
        await using var relay = new LoopbackProxy(app.BaseAddress.Port);
        // The one worker is busy with another run first, so the page is open (likely before the run starts) while it runs.
        await RunApi.SubmitAsync(api, RunApi.Long());
        var id = await RunApi.SubmitAsync(api, RunApi.Long());

        var page = await browser.NewPageAsync(relay.Address);
        await Pages.SignInAsync(page, returnUrl: $"/runs/{id}");
        await Expect(page.TestId("run-status")).ToHaveTextAsync("running", new() { Timeout = 120_000 });
        await Expect(page.TestId("tree-node").First).ToBeAttachedAsync();

        // The network goes: every connection reset, no new one possible, while the run keeps storing events.
        var shownBefore = await page.TestId("tree-node").CountAsync();
        var storedBefore = (await RunApi.EventsAsync(api, id)).Count;
        var connections = relay.Accepted;
        await page.Context.SetOfflineAsync(true);
        relay.DropAll();
        Assert.Equal("running", RunApi.Status(await RunApi.GetAsync(api, id))); // cut mid-run
        await RunApi.WaitForEventsAsync(api, id, e => e.Count >= storedBefore + 200 || RunApi.Types(e).Last().StartsWith("run") && e.Count > storedBefore,
            timeoutSeconds: 120);
        var storedWhileOff = (await RunApi.EventsAsync(api, id)).Count;
        await page.Context.SetOfflineAsync(false);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (relay.Accepted == connections && DateTime.UtcNow < deadline) await Task.Delay(50);
        var statusAtReconnect = await page.TestId("run-status").TextContentAsync();
        await Browser.ScreenshotAsync(page, "reconnected-live");

        // Back: Blazor reconnects (a new connection through the relay) and the view follows the run to its end.
        await Expect(page.TestId("run-status")).ToHaveTextAsync("succeeded", LongRun);
        await Browser.ScreenshotAsync(page, "reconnected-ended");
        Assert.True(relay.Accepted > connections, "the browser did not connect again");

        var run = await RunApi.GetAsync(api, id);
        Assert.Equal("succeeded", RunApi.Status(run));
        var stored = run["tree"]!.AsArray().Select(n => n!["id"]!.GetValue<int>().ToString()).ToList();
        var shown = (await page.TestId("tree-node").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.getAttribute('data-node-id'))")).ToList();
        output.WriteLine($"status shown at the reconnect: {statusAtReconnect}; shown {shownBefore} nodes before the cut at {storedBefore} stored events; {storedWhileOff} stored while offline; " +
                         $"the run ended at {run["lastSequence"]} events; after the run: {shown.Count} nodes shown, {stored.Count} stored; connections {connections} → {relay.Accepted}");
        Assert.Equal(shown.Count, shown.Distinct().Count()); // no duplicate
        Assert.Equal(stored.Order(), shown.Order()); // no gap
        var counts = run["counts"]!;
        await Expect(page.TestId("progress-text")).ToContainTextAsync(
            $"finished · {counts["generatedTokens"]} tokens · {counts["forwardCalls"]} model calls");
    }
}
