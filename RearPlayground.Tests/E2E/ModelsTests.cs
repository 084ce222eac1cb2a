using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RearPlayground.Tests.Hub;
using RearPlayground.Worker.Hub;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// Bring your own model in a real browser: an admin downloads a quantized variant on the Models page (progress while it
/// runs, the model and its variants once done), then the Playground runs Best-of-N and DVTS on it, on an
/// onnxruntime-genai-style export and on a repository that was already in the Hugging Face cache, picking model and
/// variant. Screenshots at desktop and phone width.
/// </summary>
[Collection("Hangfire")]
public sealed class ModelsTests(Browser browser, HubAppFixture hub) : IClassFixture<Browser>, IClassFixture<HubAppFixture>
{
    private static readonly LocatorAssertionsToHaveTextOptions Run = new() { Timeout = 120_000 };

    [Fact]
    public async Task The_models_page_downloads_a_variant_with_progress_and_then_lists_it()
    {
        // int8 here (the playground test pulls q4): each test starts its own download, whichever runs first.
        var held = $"{HubAppFixture.Repo}/onnx/model_int8.onnx";
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Hub.Hold[held] = gate;
        var page = await browser.NewPageAsync(hub.App.BaseAddress);
        await Pages.SignInAsync(page, returnUrl: "/models");
        await page.TestId("pull-repo").FillAsync("not a repo");
        await page.TestId("pull-start").ClickAsync();
        await Expect(page.GetByText("'not a repo' is not a repository id: use ORG/NAME")).ToBeVisibleAsync();

        await page.TestId("pull-repo").FillAsync(HubAppFixture.Repo);
        await page.TestId("pull-variant").FillAsync("int8");
        await page.TestId("pull-start").ClickAsync();
        var card = page.TestId("pull").Filter(new() { HasText = $"{HubAppFixture.Repo} · int8" });
        // The configs are in; the ONNX file waits at the CDN: a download in progress.
        await Expect(card.GetByTestId("pull-status")).ToContainTextAsync("file 5 of 5: onnx/model_int8.onnx");
        await Expect(card.GetByTestId("pull-state")).ToHaveTextAsync("downloading");
        await Expect(card.GetByTestId("pull-progress")).ToBeVisibleAsync();
        await ShotAsync(page, "models-download-progress");
        var phone = await browser.NewPageAsync(hub.App.BaseAddress, phone: true);
        await Pages.SignInAsync(phone, returnUrl: "/models");
        await Expect(phone.TestId("pull").Filter(new() { HasText = $"{HubAppFixture.Repo} · int8" }).GetByTestId("pull-state")).ToHaveTextAsync("downloading");
        await AssertNoHorizontalOverflowAsync(phone);
        await ShotAsync(phone, "models-download-progress-phone");

        gate.SetResult();
        await Expect(card.GetByTestId("pull-state")).ToHaveTextAsync("done", new() { Timeout = 60_000 });
        await Expect(card.GetByTestId("pull-status")).ToContainTextAsync($"run it as model {HubAppFixture.Repo}, variant int8");
        var model = page.TestId("model-card").Filter(new() { Has = page.TestId("model-name").GetByText(HubAppFixture.Repo, new() { Exact = true }) });
        var int8 = model.Locator("[data-testid=model-variant][data-variant=int8]");
        await Expect(int8).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Expect(int8.GetByTestId("model-variant-types")).ToContainTextAsync("onnx/model_int8.onnx · KV float32 · logits float32");
        await Expect(page.TestId("model-card").Filter(new() { HasText = HubAppFixture.CachedRepo })).ToHaveCountAsync(1);
        await AssertNoHorizontalOverflowAsync(page);
        await ShotAsync(page, "models-downloaded");
        await phone.ReloadAsync();
        await Expect(phone.TestId("model-card").Filter(new() { HasText = HubAppFixture.Repo }).Locator("[data-testid=model-variant][data-variant=int8]"))
            .ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await AssertNoHorizontalOverflowAsync(phone);
        await ShotAsync(phone, "models-downloaded-phone");
    }

    [Fact]
    public async Task The_playground_runs_best_of_n_and_dvts_on_a_quantized_a_genai_and_a_cached_model()
    {
        var downloads = hub.App.Services.GetRequiredService<ModelDownloads>();
        foreach (var (repo, variant) in new[] { (HubAppFixture.Repo, (string?)"q4"), (HubAppFixture.GenAiRepo, null) })
        {
            var download = downloads.Start(repo, null, variant, "test");
            await downloads.WhenEnded(download);
            Assert.Equal(PullState.Done, download.Progress.State);
        }

        var page = await browser.NewPageAsync(hub.App.BaseAddress);
        await Pages.SignInAsync(page);
        await Expect(page.Locator("[id$=-helper-text]").Filter(new() { HasText = "layers · vocabulary" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.TestId("question").FillAsync(" once upon");
        await page.TestId("preference").FillAsync(" the cat");
        await page.TestId("max-tokens").FillAsync("24");

        await ChooseModelAsync(page, HubAppFixture.Repo);
        await page.TestId("variant").ClickAsync();
        // Only q4 was pulled here (or int8 too, when the models page test ran first): the default is one of them.
        await Expect(page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex("^\\s*q4 · ") })).ToHaveCountAsync(1);
        await ShotAsync(page, "playground-variant");
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex("^\\s*q4 · ") }).ClickAsync();
        await Expect(page.TestId("variant")).ToHaveTextAsync(new Regex("^q4 · "));
        await RunBothAsync(page);

        var phone = await browser.NewPageAsync(hub.App.BaseAddress, phone: true);
        await Pages.SignInAsync(phone);
        await Expect(phone.Locator("[id$=-helper-text]").Filter(new() { HasText = "layers · vocabulary" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await ChooseModelAsync(phone, HubAppFixture.Repo);
        await phone.TestId("variant").ClickAsync();
        await Expect(phone.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex("^\\s*q4 · ") })).ToHaveCountAsync(1);
        await AssertNoHorizontalOverflowAsync(phone);
        await ShotAsync(phone, "playground-variant-phone");

        foreach (var repo in new[] { HubAppFixture.GenAiRepo, HubAppFixture.CachedRepo })
        {
            await ChooseModelAsync(page, repo);
            await Expect(page.TestId("variant")).ToHaveTextAsync(new Regex("^default \\("));
            await RunBothAsync(page);
        }
    }

    private static async Task RunBothAsync(IPage page)
    {
        foreach (var method in new[] { "Best-of-N", "DVTS" })
        {
            await ChooseAsync(page, "method", method);
            await page.TestId("run-button").ClickAsync();
            await Expect(page.TestId("run-status")).ToHaveTextAsync("succeeded", Run);
        }
    }

    private static async Task ChooseModelAsync(IPage page, string repo)
    {
        await page.TestId("model").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = repo }).ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await Expect(page.TestId("model")).ToContainTextAsync(repo);
    }

    private static async Task ChooseAsync(IPage page, string testId, string option)
    {
        await page.TestId(testId).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(option)}\\s*$") }).ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    // A full-page shot of a scrolled page draws the fixed app bar in the middle.
    private static async Task ShotAsync(IPage page, string name)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Browser.ScreenshotAsync(page, name);
    }

    private static async Task AssertNoHorizontalOverflowAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page scrolls sideways");
}
