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
    private static readonly Regex RunUrl = new("/\\?run=([0-9a-f-]{36})$");

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

        await page.TestId("run-button").ClickAsync();
        await page.WaitForURLAsync(RunUrl);
        var id = Guid.Parse(RunUrl.Match(page.Url).Groups[1].Value);
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
}
