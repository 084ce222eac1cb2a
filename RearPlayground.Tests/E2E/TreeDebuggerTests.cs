using Microsoft.Playwright;
using Xunit.Abstractions;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// The tree debugger on a real DVTS run of 2,560 nodes (N = 64, M = 4, 40 steps on stories260K): filtered to pruned
/// nodes only those are drawn, a pruned node says why, and redraws (filter changes, zoom) are timed in the page with
/// performance.now() from the click to the DOM update and to the next frame; the figures are printed, not asserted.
/// </summary>
[Collection("Hangfire")]
public sealed class TreeDebuggerTests(Browser browser, WebAppFactory app, ITestOutputHelper output) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    // Clicks a control and waits for the tree's svg to change: ms to the DOM update and to the frame after it.
    private const string TimeClick = """
        async (selector) => {
            const svg = document.querySelector('[data-testid=tree] svg');
            const t0 = performance.now();
            const dom = new Promise(resolve => {
                const o = new MutationObserver(() => { o.disconnect(); resolve(performance.now() - t0); });
                o.observe(svg, { attributes: true, childList: true, subtree: true });
            });
            document.querySelector(selector).click();
            const d = await dom;
            await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            return [d, performance.now() - t0];
        }
        """;

    [Fact]
    public async Task A_2560_node_tree_filters_to_pruned_nodes_explains_one_and_redraws_quickly()
    {
        var body = RunApi.Dvts(n: 64, maxTokens: 80);
        body["m"] = 4;
        body["stepTokens"] = 2;
        body["maxSteps"] = 40;
        body["ignoreEos"] = true;
        body["stop"] = "\u0001";
        using var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, body);
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, id, timeoutSeconds: 300)));

        foreach (var phone in new[] { false, true })
        {
            var page = await browser.NewPageAsync(app.BaseAddress, phone);
            await Pages.SignInAsync(page, returnUrl: $"/runs/{id}");
            await Expect(page.TestId("tree-node")).ToHaveCountAsync(2560, new() { Timeout = 60_000 });
            await Expect(page.TestId("tree-size")).ToContainTextAsync("16 subtrees · 40 steps · 2560 nodes");

            await page.TestId("tree-filter-pruned").ClickAsync();
            await Expect(page.TestId("tree-node")).ToHaveCountAsync(1920);
            Assert.Equal(0, await page.Locator("[data-testid=tree-node] circle:not(.pruned)").CountAsync());
            await Expect(page.TestId("tree-filter-count")).ToContainTextAsync("1920 of 2560 nodes match");
            await page.TestId("tree-node").First.ClickAsync();
            await Expect(page.TestId("node-verdict")).ToContainTextAsync("pruned · rank");
            await Expect(page.TestId("breakdown-check")).ToHaveTextAsync("the same");
            await Browser.ScreenshotAsync(page, phone ? "tree-debugger-pruned-phone" : "tree-debugger-pruned");
            await ShotAsync(page, phone ? "tree-debugger-panel-phone" : "tree-debugger-panel");
            if (phone) break;

            // What the pruned node's model would have said instead: its step's 2 tokens, each with alternatives in both contexts.
            await page.TestId("node-details").Locator("[data-testid=inspect-open]").ClickAsync();
            var dialog = page.TestId("inspect-dialog");
            await Expect(dialog.Locator("[data-testid=inspect-token]")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
            await Expect(dialog.Locator("[data-testid=inspect-token]").First.Locator("[data-testid=inspect-alt]")).ToHaveCountAsync(10);
            await Browser.ScreenshotAsync(page, "tree-node-inspector");
            await page.Keyboard.PressAsync("Escape");
            await Expect(dialog).ToHaveCountAsync(0);

            // Redraw timings, each from a settled page.
            var steps = new[] { "all", "pruned", "kept", "winning", "all", "zoom-out", "zoom-out", "zoom-in", "pruned", "all" };
            foreach (var step in steps)
            {
                var ms = await page.EvaluateAsync<double[]>(TimeClick, $"[data-testid=tree-{(step.StartsWith("zoom") ? step : "filter-" + step)}]");
                output.WriteLine($"tree redraw ({step}, 2560 nodes, chromium): DOM {ms[0]:F0} ms, next frame {ms[1]:F0} ms");
                await page.WaitForTimeoutAsync(200);
            }
            await page.TestId("tree-filter-all").ClickAsync();
            await Expect(page.TestId("tree-node")).ToHaveCountAsync(2560);
            await page.TestId("tree-toggle").First.ClickAsync();
            await Expect(page.TestId("tree-expand-all")).ToBeVisibleAsync();
            await page.EvaluateAsync("window.scrollTo(0, 0)");
            await ShotAsync(page, "tree-debugger-collapsed");
        }
    }

    // The tree and its node panel only: the full page of a 64-candidate run is too tall to read.
    private static async Task ShotAsync(IPage page, string name)
    {
        var top = (await page.TestId("tree-size").BoundingBoxAsync())!;
        var details = page.TestId("node-details");
        var bottom = await details.CountAsync() > 0 ? (await details.BoundingBoxAsync())! : (await page.TestId("tree").BoundingBoxAsync())!;
        var width = page.ViewportSize!.Width;
        await page.ScreenshotAsync(new()
        {
            Path = Path.Combine(Browser.ScreenshotFolder, name + ".png"), FullPage = true,
            Clip = new() { X = 0, Y = top.Y - 60, Width = width, Height = bottom.Y + bottom.Height - top.Y + 70 },
        });
    }
}
