using Microsoft.Playwright;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// The run page of a large run in a real browser, at desktop and phone width: a Best-of-N run of 32 has the comparison
/// in a tab at the top of the ranking (each text once in it) and badges for the run's pick and the best at λ; a DVTS
/// tree wider than its box opens on its winning path and says how much is out of view.
/// </summary>
[Collection("Hangfire")]
public sealed class RunPageTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    [Fact]
    public async Task A_best_of_32_run_has_compare_in_a_tab_at_the_top_and_shows_each_text_once()
    {
        var id = await FinishedAsync(RunApi.Bon(n: 32, maxTokens: 24));
        foreach (var phone in new[] { false, true })
        {
            var page = await browser.NewPageAsync(app.BaseAddress, phone);
            await Pages.SignInAsync(page, returnUrl: $"/runs/{id}");
            await Expect(page.TestId("candidate")).ToHaveCountAsync(32, new() { Timeout = 30_000 });
            await Expect(page.TestId("candidate-picked")).ToHaveCountAsync(1);
            await Expect(page.TestId("candidate-best")).ToHaveCountAsync(1);

            // The tabs come before the first card, not after 32 of them.
            var compareTab = page.GetByRole(AriaRole.Tab, new() { Name = "Compare" });
            var tabTop = (await compareTab.BoundingBoxAsync())!.Y;
            Assert.True(tabTop < (await page.TestId("candidate").First.BoundingBoxAsync())!.Y);
            var pageHeight = await page.EvaluateAsync<double>("document.documentElement.scrollHeight");
            Assert.True(tabTop < pageHeight / 4, $"the Compare tab is at {tabTop} px of a {pageHeight} px page");
            await page.EvaluateAsync("window.scrollTo(0, 0)");
            await Browser.ScreenshotAsync(page, phone ? "run-bon32-phone" : "run-bon32");

            await compareTab.ClickAsync();
            var compare = page.TestId("compare");
            await Expect(compare).ToBeVisibleAsync();
            await Expect(page.TestId("candidate")).ToHaveCountAsync(0);
            var shown = await compare.InnerTextAsync();
            foreach (var column in await page.TestId("compare-column").AllAsync())
            {
                var tokens = string.Concat(await column.GetByTestId("heatmap-token").AllTextContentsAsync()).Trim();
                Assert.NotEmpty(tokens);
                Assert.Equal(1, Occurrences(shown.Replace("\n", " "), tokens.Replace("\n", " ")));
            }
            await Expect(page.TestId("compare-text")).ToHaveCountAsync(0);
            // A full-page shot of a scrolled page draws the fixed app bar in the middle: from the top.
            await page.EvaluateAsync("window.scrollTo(0, 0)");
            await Browser.ScreenshotAsync(page, phone ? "run-compare-phone" : "run-compare");
        }
    }

    [Fact]
    public async Task Re_run_offers_the_same_seed_and_a_new_one_and_links_back()
    {
        var id = await FinishedAsync(RunApi.Bon(n: 2, maxTokens: 8));
        using var client = await app.SignedInAsync();
        var seed = (await RunApi.GetAsync(client, id))["request"]!["seed"]!.GetValue<long>();
        var page = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(page, returnUrl: $"/runs/{id}");
        foreach (var (item, same) in new[] { ("rerun-same", true), ("rerun-new", false) })
        {
            await page.TestId("rerun-button").ClickAsync();
            await Expect(page.TestId(item)).ToBeVisibleAsync();
            if (same) await Browser.ScreenshotAsync(page, "run-rerun-menu");
            await page.TestId(item).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/runs/") && !url.Contains(id.ToString()));
            var again = Guid.Parse(page.Url.Split("/runs/")[1]);
            await Expect(page.TestId("rerun-of")).ToHaveAttributeAsync("data-rerun-of", id.ToString());
            var request = (await RunApi.GetAsync(client, again))["request"]!;
            Assert.Equal(same, request["seed"]!.GetValue<long>() == seed);
            await page.GotoAsync($"/runs/{id}");
        }
    }

    [Fact]
    public async Task A_dvts_tree_wider_than_its_box_opens_on_its_winning_path()
    {
        // 32 paths in 8 subtrees of 4, steps of 8 tokens: about 2 000 px wide at full size. A seed whose winner is in one
        // of the last subtrees, out of view unless the box scrolls to it.
        var id = Guid.Empty;
        for (var seed = 1; seed <= 12 && id == Guid.Empty; seed++)
        {
            var body = RunApi.Dvts(n: 32, maxTokens: 48);
            body["m"] = 4;
            body["seed"] = seed;
            var run = await FinishedAsync(body);
            using var client = await app.SignedInAsync();
            if ((await RunApi.GetAsync(client, run))["best"]!.GetValue<int>() >= 5) id = run;
        }
        Assert.NotEqual(Guid.Empty, id);
        foreach (var phone in new[] { false, true })
        {
            var page = await browser.NewPageAsync(app.BaseAddress, phone);
            await Pages.SignInAsync(page, returnUrl: $"/runs/{id}");
            await Expect(page.Locator("[data-testid=tree] circle.rear-node.best").First).ToBeAttachedAsync(new() { Timeout = 30_000 });
            await Expect(page.TestId("tree-hidden")).ToContainTextAsync("of 8 subtrees");
            // The winning path's first node sits inside the box, without the reader scrolling.
            await Browser.ScreenshotAsync(page, phone ? "run-dvts-tree-phone" : "run-dvts-tree");
            var inBox = await page.EvaluateAsync<string>("""
                () => {
                    const box = document.querySelector('[data-testid=tree]').getBoundingClientRect();
                    const node = document.querySelector('[data-testid=tree] circle.rear-node.best').getBoundingClientRect();
                    const inside = node.left >= box.left && node.right <= box.right && node.top >= box.top && node.bottom <= box.bottom;
                    return inside ? 'inside' : `node ${node.left}…${node.right} × ${node.top}…${node.bottom}, box ${box.left}…${box.right} × ${box.top}…${box.bottom}`;
                }
                """);
            Assert.Equal("inside", inBox);
            await page.TestId("tree").ScreenshotAsync(new() { Path = Path.Combine(Browser.ScreenshotFolder, phone ? "tree-box-phone.png" : "tree-box.png") });
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page scrolls sideways");
        }
    }

    private async Task<Guid> FinishedAsync(System.Text.Json.Nodes.JsonObject body)
    {
        using var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, body);
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, id, timeoutSeconds: 180)));
        return id;
    }

    private static int Occurrences(string text, string part)
    {
        var n = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
