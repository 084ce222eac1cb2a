using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// Guided decoding in a real browser: the Playground's Guided method with λ_g set runs and streams its candidates, the
/// stored request holds the λ_g typed; the results page's "Run the three" starts Best-of-N-REAR, one guided sample and
/// guided Best-of-N with the run's seed and lists them beside the run as they finish. Desktop and phone screenshots.
/// </summary>
[Collection("Hangfire")]
public sealed class GuidedFlowTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    private static readonly LocatorAssertionsToHaveTextOptions LongRun = new() { Timeout = 180_000 };

    private async Task<IPage> PlaygroundAsync(bool phone)
    {
        var page = await browser.NewPageAsync(app.BaseAddress, phone);
        await Pages.SignInAsync(page, returnUrl: "/");
        await Expect(page.Locator("[id$=-helper-text]").Filter(new() { HasText = "layers · vocabulary" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        return page;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_guided_run_from_the_Playground_streams_its_candidates_with_the_lambda_g_typed(bool phone)
    {
        using var client = await app.SignedInAsync();
        var page = await PlaygroundAsync(phone);
        var question = $"Once upon a time {(phone ? "phone" : "desk")}{Guid.NewGuid():N}"[..40];
        await page.TestId("question").FillAsync(question);
        await page.TestId("preference").FillAsync("Tom was a cat who loved to eat fish.");
        await page.TestId("method").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex("^\\s*Guided\\s*$") }).ClickAsync();
        // Guided shows λ_g as a slider and a field (default 3); Best-of-N's optional field is gone.
        await Expect(page.TestId("guidance-slider")).ToBeVisibleAsync();
        await Expect(page.TestId("guidance")).ToHaveValueAsync("3");
        await page.TestId("guidance").FillAsync("4.5");
        await page.TestId("n").FillAsync("4");
        await page.TestId("max-tokens").FillAsync("200");
        await Browser.ScreenshotAsync(page, phone ? "guided-form-phone" : "guided-form");
        // The fields under λ_g in the window (the full-page shot draws the sticky Run bar over them).
        await page.EvaluateAsync("window.scrollBy(0, 500)");
        await Expect(page.TestId("n")).ToBeInViewportAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Browser.ScreenshotFolder, phone ? "guided-fields-phone.png" : "guided-fields.png") });
        await page.EvaluateAsync("window.scrollTo(0, 0)");

        var id = await PlaygroundRun.ClickRunAsync(page, app, phone ? "guided-phone" : "guided");
        // Live: the candidates show with their text while (or as soon as) the run goes.
        await Expect(page.TestId("candidate-text").First).Not.ToBeEmptyAsync(new() { Timeout = 60_000 });
        await Expect(page.TestId("run-status")).ToHaveTextAsync("succeeded", LongRun);
        await Expect(page.TestId("candidate")).ToHaveCountAsync(4);
        await Expect(page.TestId("candidate-score").First).Not.ToBeEmptyAsync();
        await Browser.ScreenshotAsync(page, phone ? "guided-result-phone" : "guided-result");

        var stored = await RunApi.GetAsync(client, id);
        var request = stored["request"]!;
        Assert.Equal(("guided", 4.5), (request["method"]!.GetValue<string>(), request["guidance"]!.GetValue<double>()));
        Assert.Equal(4, stored["candidates"]!.AsArray().Count);
        // The page's overflow check: nothing wider than the window.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_the_three_puts_guided_best_of_n_rear_and_guided_bon_side_by_side(bool phone)
    {
        using var client = await app.SignedInAsync();
        var body = RunApi.Bon(n: 4, maxTokens: 24);
        (body["method"], body["guidance"], body["question"], body["seed"]) = ("guided", 3, $"The three {phone}", 11);
        var id = await RunApi.SubmitAsync(client, body);
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, id)));

        var page = await browser.NewPageAsync(app.BaseAddress, phone);
        await Pages.SignInAsync(page, returnUrl: $"/runs/{id}");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Compare" }).ClickAsync();
        await Expect(page.TestId("question-runs-none")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.TestId("question-run")).ToHaveCountAsync(1);

        await page.TestId("run-the-three").ClickAsync();
        // This run and the three, each with its pick's text once finished.
        await Expect(page.TestId("question-run")).ToHaveCountAsync(4, new() { Timeout = 30_000 });
        await Expect(page.TestId("question-run-text")).ToHaveCountAsync(4, new() { Timeout = 180_000 });
        var kinds = await page.TestId("question-run").EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.kind)");
        Assert.Equal(["Best-of-N-REAR", "Guided", "Guided", "Guided Best-of-N"], kinds.Order());
        await Expect(page.TestId("question-runs-none")).ToHaveCountAsync(0);
        await page.TestId("question-runs").ScreenshotAsync(new() { Path = Path.Combine(Browser.ScreenshotFolder, phone ? "question-runs-panel-phone.png" : "question-runs-panel.png") });
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await Browser.ScreenshotAsync(page, phone ? "question-runs-phone" : "question-runs");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways");

        // The three share the run's seed and question; the page's texts are each run's REAR pick.
        var runs = (await client.GetFromJsonAsync<JsonObject>($"/api/runs?text={Uri.EscapeDataString($"The three {phone}")}&pageSize=20"))!["items"]!.AsArray();
        Assert.Equal(4, runs.Count);
        var texts = await page.TestId("question-run-text").AllTextContentsAsync();
        foreach (var run in runs)
        {
            var runId = run!["id"]!.GetValue<Guid>();
            var stored = await RunApi.GetAsync(client, runId);
            Assert.Equal(11, stored["request"]!["seed"]!.GetValue<long>());
            var pick = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}/picks"))!["picks"]!["rear"]!.GetValue<int>();
            var text = stored["candidates"]!.AsArray().Single(c => c!["index"]!.GetValue<int>() == pick)!["text"]!.GetValue<string>();
            Assert.Contains(text.Trim(), texts.Select(t => t.Trim()));
        }
    }

    [Fact]
    public async Task A_guided_arena_is_made_in_the_dialog_from_the_three_runs_and_its_leaderboard_shows_the_three()
    {
        using var admin = await app.SignedInAsync();
        const string judgeName = "guided-arena-e2e@example.org", password = "Guided-e2e-pass-12";
        using (var created = await admin.PostAsJsonAsync("/api/users", new { email = judgeName, password, roles = new[] { "annotator" } }))
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var tag = "arena" + Guid.NewGuid().ToString("N")[..8];
        var plain = RunApi.Bon(n: 4, maxTokens: 16);
        plain["question"] = $"Once upon a time {tag}";
        var guided = plain.DeepClone().AsObject();
        (guided["method"], guided["n"], guided["guidance"]) = ("guided", 1, 3);
        var guidedBon = plain.DeepClone().AsObject();
        guidedBon["guidance"] = 3;
        Guid[] ids = [await RunApi.SubmitAsync(admin, plain), await RunApi.SubmitAsync(admin, guided), await RunApi.SubmitAsync(admin, guidedBon)];
        foreach (var id in ids) Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(admin, id)));

        var page = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(page, returnUrl: "/campaigns");
        await page.TestId("campaign-new").ClickAsync();
        await page.TestId("campaign-name").FillAsync("Guided arena");
        await page.TestId("campaign-task").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "arena", Exact = true }).ClickAsync();
        ILocator Selector(string name) => page.TestId("campaign-selector").And(page.GetByRole(AriaRole.Checkbox, new() { Name = name, Exact = true }));
        await Selector("likelihood").ClickAsync();
        await Selector("guided").ClickAsync();
        await Selector("guided-bon").ClickAsync();
        await Expect(page.TestId("campaign-arena-by-question")).ToBeVisibleAsync();
        await page.TestId("campaign-every-annotator").ClickAsync();
        await page.TestId("campaign-annotator").And(page.GetByRole(AriaRole.Checkbox, new() { Name = judgeName, Exact = true })).ClickAsync();
        await page.TestId("campaign-run-filter").FillAsync(tag);
        // The three runs of the question, told apart by kind (the guided one has a single sample and is still offered).
        await Expect(page.TestId("campaign-run")).ToHaveCountAsync(3);
        var labels = await page.TestId("campaign-run").EvaluateAllAsync<string[]>("boxes => boxes.map(b => (b.closest('label') ?? b.parentElement).innerText)");
        Assert.Equal(["Best-of-N-REAR", "Guided", "Guided Best-of-N"], labels.Select(l => Regex.Match(l, @"·\s*([^·]+?)\s*·").Groups[1].Value).Order());
        for (var i = 0; i < 3; i++) await page.TestId("campaign-run").Nth(i).ClickAsync();
        await Browser.ScreenshotAsync(page, "guided-arena-create");
        await page.TestId("campaign-create").ClickAsync();
        await page.WaitForURLAsync(url => Regex.IsMatch(new Uri(url).AbsolutePath, @"^/campaigns/\d+$"));
        var campaign = long.Parse(new Uri(page.Url).AbsolutePath.Split('/')[^1]);

        // The judge answers every pair (A each time) through the API; the page shows the three selectors.
        using var judge = await app.SignedInAsync(judgeName, password);
        while (true)
        {
            using var next = await judge.GetAsync($"/api/campaigns/{campaign}/next");
            if (next.StatusCode == System.Net.HttpStatusCode.NoContent) break;
            var itemId = (await next.Content.ReadFromJsonAsync<JsonObject>())!["itemId"]!.GetValue<long>();
            using var post = await judge.PostAsJsonAsync($"/api/campaigns/{campaign}/items/{itemId}/judgments", new { winner = "A" });
            Assert.Equal(System.Net.HttpStatusCode.Created, post.StatusCode);
        }
        foreach (var phone in new[] { false, true })
        {
            var view = phone ? await browser.NewPageAsync(app.BaseAddress, phone: true) : page;
            if (phone) await Pages.SignInAsync(view, returnUrl: $"/campaigns/{campaign}/leaderboard");
            else await view.GotoAsync($"/campaigns/{campaign}/leaderboard");
            await Expect(view.TestId("leaderboard-row")).ToHaveCountAsync(3);
            // One question's three runs: counted as one question, not three runs.
            await Expect(view.GetByText("Selectors (1 question)")).ToBeVisibleAsync();
            Assert.Equal(["rear", "guided", "guided-bon"], (await view.TestId("leaderboard-selector").AllInnerTextsAsync()).Select(t => t.Trim()));
            await Browser.ScreenshotAsync(view, phone ? "guided-arena-leaderboard-phone" : "guided-arena-leaderboard");
            Assert.True(await view.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the leaderboard scrolls sideways");
        }
    }
}
