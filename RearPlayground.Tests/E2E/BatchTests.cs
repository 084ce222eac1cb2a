using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RearPlayground.Tests.Batches;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// Batches in a real browser: start one from /batches on a small dataset (rows inserted: the import is another page's),
/// watch its progress to the end, read the report and the accuracy-against-N chart, open an item's run; desktop and phone.
/// </summary>
[Collection("Hangfire")]
public sealed class BatchTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_batch_started_from_the_page_shows_progress_report_curve_and_opens_its_runs(bool phone)
    {
        await TestDatasets.InsertAsync(app.Services, 4, name: phone ? "phone stories" : "desk stories");
        // A team default profile: a new batch starts with it, as a new Playground run does.
        using (var api = await app.SignedInAsync())
        {
            using var created = await api.PostAsJsonAsync("/api/profiles", new { name = "team-fit", lambda = 12.5, gamma = 1, aggregation = "mean" });
            using var team = await api.PostAsync("/api/profiles/team-fit/default", null);
            Assert.True(team.IsSuccessStatusCode, await team.Content.ReadAsStringAsync());
        }
        var page = await browser.NewPageAsync(app.BaseAddress, phone);
        await Pages.SignInAsync(page, returnUrl: "/batches");

        // The newest dataset is picked; a small N and few tokens keep it quick.
        await Expect(page.TestId("batch-start")).ToBeEnabledAsync();
        await Expect(page.TestId("profile")).ToContainTextAsync("team-fit");
        await Expect(page.TestId("batch-lambda")).ToHaveValueAsync("12.5");
        await page.TestId("batch-n").FillAsync("4");
        await page.TestId("batch-max-tokens").FillAsync("16");
        var suffix = phone ? "-phone" : "";
        await Browser.ScreenshotAsync(page, "batches" + suffix);
        await page.TestId("batch-start").ClickAsync();

        await page.WaitForURLAsync(new Regex("/batches/[0-9a-f-]{36}$"));
        await Expect(page.TestId("batch-progress")).ToBeVisibleAsync();
        await Expect(page.TestId("batch-status")).ToHaveTextAsync("succeeded", new() { Timeout = (float)Long.TotalMilliseconds });
        await Expect(page.TestId("batch-progress")).ToHaveAttributeAsync("data-done", "4");

        var selectors = await page.TestId("report-selector").AllInnerTextsAsync();
        foreach (var name in new[] { "rear", "likelihood", "preference", "random", "greedy", "majority", "weighted" })
            Assert.Contains(name, selectors);
        foreach (var accuracy in await page.TestId("report-accuracy").AllInnerTextsAsync())
            Assert.Matches(@"^[01]\.\d{3} \[[01]\.\d{3}, [01]\.\d{3}\]$", accuracy);
        await Expect(page.TestId("curve-chart")).ToBeVisibleAsync();
        await Expect(page.TestId("curve-chart").GetByTestId("curve-line")).ToHaveCountAsync(selectors.Count);
        await Expect(page.TestId("batch-item-run")).ToHaveCountAsync(4);
        await Browser.ScreenshotAsync(page, "batch" + suffix);

        using (var api = await app.SignedInAsync())
        {
            var id = Guid.Parse(page.Url[^36..]);
            var batch = await TestDatasets.GetAsync(api, id);
            Assert.Equal("team-fit", batch["request"]!["profile"]!.GetValue<string>());
            Assert.Equal(12.5, batch["request"]!["lambda"]!.GetValue<double>());
        }

        await page.TestId("batch-item-run").First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/runs/[0-9a-f-]{36}$"));
        await Expect(page.GetByText(TestDatasets.Questions[0]).First).ToBeVisibleAsync();
    }
}
