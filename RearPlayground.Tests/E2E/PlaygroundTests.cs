using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// The playground in a real browser on stories260K: Best-of-N cards fill while the run is still running, a DVTS tree
/// grows live and ends with its winning path, and a finished run replays. Screenshots at desktop and phone width.
/// </summary>
[Collection("Hangfire")]
public sealed class PlaygroundTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    private static readonly LocatorAssertionsToHaveTextOptions LongRun = new() { Timeout = 180_000 };

    // Remembers in the page whether `selector` had content while the status said running: seen live, not after the fact.
    private const string WatchLive = """
        selector => {
            window.rearSeenLive = false;
            const check = () => {
                const status = document.querySelector('[data-testid=run-status]');
                if (!status || status.textContent.trim() !== 'running') return;
                if ([...document.querySelectorAll(selector)].some(e => e.textContent.trim().length > 0)) window.rearSeenLive = true;
            };
            new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        }
        """;

    private async Task<IPage> PlaygroundAsync(bool phone = false)
    {
        var page = await browser.NewPageAsync(app.BaseAddress, phone);
        await Pages.SignInAsync(page);
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

    private static async Task<double[]> ScoresAsync(IPage page) =>
        [.. (await page.TestId("candidate-score").AllTextContentsAsync()).Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public async Task Best_of_n_cards_fill_while_the_run_is_running_then_rank_by_score()
    {
        var page = await PlaygroundAsync();
        await page.TestId("question").FillAsync("Once upon a time");
        await page.TestId("preference").FillAsync("Tom was a cat who loved to eat fish.");
        await page.TestId("n").FillAsync("16");
        // stories260K has 512 positions: prompt and answer must fit.
        await page.TestId("max-tokens").FillAsync("400");
        await page.TestId("seed").FillAsync("7");
        await page.EvaluateAsync(WatchLive, "[data-testid=candidate-text]");

        await page.TestId("run-button").ClickAsync();
        await Expect(page.TestId("run-status")).ToHaveTextAsync("succeeded", LongRun);

        Assert.True(await page.EvaluateAsync<bool>("() => window.rearSeenLive"), "no candidate text was shown while the run was running");
        await Expect(page.TestId("candidate")).ToHaveCountAsync(16);
        var scores = await ScoresAsync(page);
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.All(await page.TestId("candidate-text").AllTextContentsAsync(), t => Assert.NotEmpty(t.Trim()));
        await Expect(page.TestId("progress-text")).ToContainTextAsync("finished");
        await ShotAsync(page, "playground");

        // The run page shows the same run; Open in playground brings its request back into the form.
        await page.TestId("run-link").ClickAsync();
        await page.WaitForURLAsync(new Regex("/runs/[0-9a-f-]{36}$"));
        await Expect(page.TestId("run-question")).ToHaveTextAsync("Once upon a time");
        await page.TestId("open-in-playground").ClickAsync();
        await Expect(page.TestId("n")).ToHaveValueAsync("16");
        await Expect(page.TestId("max-tokens")).ToHaveValueAsync("400");
        await Expect(page.TestId("preference")).ToHaveValueAsync("Tom was a cat who loved to eat fish.");

        // Phone width: a short run, the live view below the form.
        var phone = await PlaygroundAsync(phone: true);
        await phone.TestId("example").First.ClickAsync();
        await phone.TestId("n").FillAsync("4");
        await phone.TestId("max-tokens").FillAsync("48");
        await phone.TestId("run-button").ClickAsync();
        await Expect(phone.TestId("run-status")).ToHaveTextAsync("succeeded", LongRun);
        await Expect(phone.TestId("candidate")).ToHaveCountAsync(4);
        await AssertNoHorizontalOverflowAsync(phone);
        await ShotAsync(phone, "playground-phone");
    }

    [Fact]
    public async Task A_dvts_tree_grows_while_it_runs_and_ends_with_its_winning_path()
    {
        var page = await PlaygroundAsync();
        await page.TestId("example").First.ClickAsync();
        await ChooseAsync(page, "method", "DVTS");
        await page.TestId("n").FillAsync("8");
        await ChooseAsync(page, "m", "2");
        await page.TestId("step-tokens").FillAsync("4");
        await page.TestId("max-tokens").FillAsync("160");
        await page.EvaluateAsync(WatchLive, "[data-testid=tree-node]");

        await page.TestId("run-button").ClickAsync();
        await Expect(page.TestId("run-status")).ToHaveTextAsync("succeeded", LongRun);
        Assert.True(await page.EvaluateAsync<bool>("() => window.rearSeenLive"), "no tree node was drawn while the run was running");
        Assert.True(await page.TestId("tree-node").CountAsync() >= 8);
        await Expect(page.Locator("circle.rear-node.best").First).ToBeVisibleAsync();
        await Expect(page.Locator("path.rear-edge.pruned").First).ToBeAttachedAsync(); // the pruned edges, drawn as one path

        // The run page: summary, the tree (clicking a node shows its text and ℓ0/ℓp), the results in place of the cards.
        await page.TestId("run-link").ClickAsync();
        await page.WaitForURLAsync(new Regex("/runs/[0-9a-f-]{36}$"));
        var runPath = new Uri(page.Url).AbsolutePath;
        await Expect(page.TestId("run-status")).ToHaveTextAsync("succeeded");
        await page.Locator("[data-testid=tree-node] circle.best").First.ClickAsync();
        await Expect(page.TestId("node-details")).ToContainTextAsync("mean ℓ0");
        await Expect(page.TestId("node-details")).ToContainTextAsync("winning path");
        await AssertNoHorizontalOverflowAsync(page);
        await ShotAsync(page, "dvts-tree");

        var phone = await browser.NewPageAsync(app.BaseAddress, phone: true);
        await Pages.SignInAsync(phone, returnUrl: runPath);
        await Expect(phone.TestId("run-status")).ToHaveTextAsync("succeeded");
        await Expect(phone.TestId("tree-node").First).ToBeVisibleAsync();
        await AssertNoHorizontalOverflowAsync(phone);
        await ShotAsync(phone, "dvts-tree-phone");
    }

    [Fact]
    public async Task A_finished_run_replays_its_events_and_a_wrong_id_says_so()
    {
        using var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, RunApi.Dvts(n: 4, maxTokens: 48));
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, id, 180)));
        var total = (await RunApi.EventsAsync(client, id)).Count;

        foreach (var phone in new[] { false, true })
        {
            var page = await browser.NewPageAsync(app.BaseAddress, phone);
            await Pages.SignInAsync(page, returnUrl: $"/runs/{id}/replay");
            await Expect(page.TestId("replay-counter")).ToHaveTextAsync($"event 0 / {total}");
            await Expect(page.TestId("tree-node")).ToHaveCountAsync(0);

            await page.Locator("[data-testid=replay-speed] button").Filter(new() { HasTextRegex = new Regex("^×20$") }).ClickAsync();
            await page.TestId("replay-play").ClickAsync();
            await Expect(page.TestId("replay-counter")).ToHaveTextAsync($"event {total} / {total}", new() { Timeout = 60_000 });
            await Expect(page.TestId("run-status")).ToHaveTextAsync("succeeded");
            Assert.True(await page.TestId("tree-node").CountAsync() >= 4);
            await Expect(page.TestId("candidate")).ToHaveCountAsync(2);
            await AssertNoHorizontalOverflowAsync(page);
            await ShotAsync(page, phone ? "replay-phone" : "replay");
        }

        var wrong = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(wrong, returnUrl: "/runs/not-a-run");
        await Expect(wrong.TestId("no-such-run")).ToBeVisibleAsync();
    }

    // A full-page shot of a scrolled page draws the fixed app bar in the middle.
    private static async Task ShotAsync(IPage page, string name)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Browser.ScreenshotAsync(page, name);
    }

    // Wide content (the tree) must scroll inside its own box, never the page.
    private static async Task AssertNoHorizontalOverflowAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"),
            "the page scrolls sideways");
}
