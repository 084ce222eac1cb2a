using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>/datasets in a real browser: upload a CSV, map its columns, see the rows as mapped and the skipped one, import; desktop and phone; on desktop the import then runs as a batch.</summary>
// Hangfire keeps its storage in a static (JobStorage.Current): apps start one at a time in this collection.
[Collection("Hangfire")]
public sealed class DatasetsTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_csv_is_uploaded_mapped_previewed_and_imported(bool phone)
    {
        var file = Path.Combine(Path.GetTempPath(), $"rear-dataset-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file,
            "key;prompt;style;gold\nt1;\"Tell a story\nabout a cat\";<b>Short</b> sentences;cat\nt2;Describe the sea;Use metaphors;sea\nt3;;none;x\n");
        try
        {
            var page = await browser.NewPageAsync(app.BaseAddress, phone);
            await Pages.SignInAsync(page, returnUrl: "/datasets");
            for (var attempt = 1; ; attempt++)
            {
                await page.TestId("dataset-upload").SetInputFilesAsync(file);
                try
                {
                    await page.TestId("dataset-row").Or(page.TestId("dataset-error")).First.WaitForAsync(new() { Timeout = 5_000 });
                    break;
                }
                catch (TimeoutException) when (attempt < 5) { }
            }
            // "prompt" is taken as the question by name; the preference and answer columns are picked from the header.
            await Expect(page.TestId("dataset-row")).ToHaveCountAsync(2);
            await PickAsync(page, "map-preference", "style");
            await PickAsync(page, "map-answer", "gold");
            await PickAsync(page, "map-id", "key");
            await Expect(page.TestId("dataset-preference").First).ToHaveTextAsync("<b>Short</b> sentences");
            await Expect(page.TestId("dataset-answer").Nth(1)).ToHaveTextAsync("sea");
            await Expect(page.TestId("dataset-question").First).ToHaveTextAsync(new Regex("Tell a story\\s+about a cat"));
            await Expect(page.TestId("dataset-skip")).ToHaveTextAsync(new Regex("row 5: empty question"));
            Assert.Equal(0, await page.Locator("b:text('Short')").CountAsync());
            await Browser.ScreenshotAsync(page, phone ? "datasets-upload-phone" : "datasets-upload");

            await page.TestId("dataset-import").ClickAsync();
            await Expect(page.TestId("dataset-imported")).ToContainTextAsync("2 items, 1 skipped");
            await Expect(page.TestId("dataset-detail").GetByTestId("dataset-row")).ToHaveCountAsync(2);
            await Browser.ScreenshotAsync(page, phone ? "datasets-phone" : "datasets");
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
            Assert.True(widths[0] <= widths[1], $"the page is {widths[0]}px wide in a {widths[1]}px viewport");
            if (!phone) await BatchOfTheImportAsync(page);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// The flow end to end: the dataset just imported (the newest, picked by default) runs as a batch from /batches;
    /// progress to the end, the report and the curve, and an item's run opens with the uploaded question.
    /// </summary>
    private static async Task BatchOfTheImportAsync(IPage page)
    {
        await page.GotoAsync("/batches");
        await Expect(page.TestId("batch-start")).ToBeEnabledAsync();
        await page.TestId("batch-n").FillAsync("4");
        await page.TestId("batch-max-tokens").FillAsync("16");
        await page.TestId("batch-start").ClickAsync();
        await page.WaitForURLAsync(new Regex("/batches/[0-9a-f-]{36}$"));
        await Expect(page.TestId("batch-progress")).ToBeVisibleAsync();
        await Expect(page.TestId("batch-status")).ToHaveTextAsync("succeeded", new() { Timeout = 120_000 });
        await Expect(page.TestId("batch-progress")).ToHaveAttributeAsync("data-done", "2");
        Assert.Contains("rear", await page.TestId("report-selector").AllInnerTextsAsync());
        await Expect(page.TestId("curve-chart")).ToBeVisibleAsync();
        await Expect(page.TestId("batch-item-run")).ToHaveCountAsync(2);
        await page.TestId("batch-item-run").First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/runs/[0-9a-f-]{36}$"));
        await Expect(page.GetByText(new Regex("Tell a story\\s+about a cat")).First).ToBeVisibleAsync();
    }

    private static async Task PickAsync(IPage page, string select, string option)
    {
        await page.TestId(select).ClickAsync(new() { Force = true });
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(option, new() { Exact = true }).ClickAsync();
        await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
    }
}
