using Microsoft.Playwright;
using RearPlayground.Tests.Web;
using RearPlayground.Worker.Hub;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>The real app with no model anywhere: an empty model directory, without the repository's models/ or ../shared.</summary>
public sealed class NoModelApp : WebAppFactory
{
    public static readonly string Directory = System.IO.Directory.CreateTempSubdirectory("rear-no-models-").FullName;

    public NoModelApp() : base(null, new Dictionary<string, string?>
    {
        ["Rear:ModelDirectories:0"] = Directory,
        ["Rear:DefaultModelDirectories"] = "false",
    }) { }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { } // best effort
    }
}

/// <summary>
/// With no model the app says so once in its log, and the Playground says how to get one: the Models page's pull,
/// filled in with a suggested small instruct model, and nothing downloaded until Download. Screenshots at both widths.
/// </summary>
[Collection("Hangfire")]
public sealed class NoModelTests(Browser browser, NoModelApp app) : IClassFixture<Browser>, IClassFixture<NoModelApp>
{
    [Fact]
    public async Task The_playground_says_how_to_get_a_model_and_links_to_the_filled_in_pull()
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        var logged = app.Log.Lines.Where(l => l.Contains("No model found in")).ToList();
        var line = Assert.Single(logged);
        Assert.StartsWith("Warning ", line);
        Assert.Contains(NoModelApp.Directory, line);
        Assert.Contains("/models", line);
        Assert.Contains(SuggestedModel.Repo, line);

        await Pages.SignInAsync(page);
        var alert = page.TestId("no-model");
        await Expect(alert).ToContainTextAsync("No model found", new() { Timeout = 60_000 });
        await Expect(alert).ToContainTextAsync(SuggestedModel.Repo);
        await AssertNoHorizontalOverflowAsync(page);
        await ShotAsync(page, "playground-no-model");

        var phone = await browser.NewPageAsync(app.BaseAddress, phone: true);
        await Pages.SignInAsync(phone);
        await Expect(phone.TestId("no-model")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await AssertNoHorizontalOverflowAsync(phone);
        await ShotAsync(phone, "playground-no-model-phone");

        await page.TestId("no-model-pull").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/models");
        await Expect(page.TestId("pull-repo")).ToHaveValueAsync(SuggestedModel.Repo);
        await Expect(page.TestId("pull-variant")).ToHaveValueAsync(SuggestedModel.Variant);
        // A suggestion, not a download: no pull has started.
        await Expect(page.TestId("pulls")).ToHaveCountAsync(0);
        await ShotAsync(page, "models-suggested-pull");
    }

    private static async Task ShotAsync(IPage page, string name)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Browser.ScreenshotAsync(page, name);
    }

    private static async Task AssertNoHorizontalOverflowAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page scrolls sideways");
}
