using Microsoft.Playwright;
using RearPlayground.Tests.Batches;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// Two batches of one dataset compared on the batch page: the settings that differ, a row per selector and the chart of
/// B − A with its paired interval; desktop and phone.
/// </summary>
[Collection("Hangfire")]
public sealed class BatchCompareTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_batches_are_compared_in_a_table_and_a_chart(bool phone)
    {
        var dataset = await TestDatasets.InsertAsync(app.Services, 3, name: phone ? "compare phone" : "compare desk");
        Guid a, b;
        using (var api = await app.SignedInAsync())
        {
            a = await TestDatasets.StartAsync(api, dataset, TestDatasets.Request());
            var other = TestDatasets.Request();
            other["lambda"] = 0.5;
            b = await TestDatasets.StartAsync(api, dataset, other);
            Assert.Equal("succeeded", (await TestDatasets.WaitForEndAsync(api, a))["status"]!.GetValue<string>());
            Assert.Equal("succeeded", (await TestDatasets.WaitForEndAsync(api, b))["status"]!.GetValue<string>());
        }

        var page = await browser.NewPageAsync(app.BaseAddress, phone);
        await Pages.SignInAsync(page, returnUrl: $"/batches/{a}");
        await page.TestId("batch-compare-with").ClickAsync(new() { Force = true });
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = phone ? "compare phone" : "compare desk" }).First.ClickAsync();
        await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await page.TestId("batch-compare").ClickAsync();

        await Expect(page.GetByText("lambda: 20 → 0.5")).ToBeVisibleAsync();
        var rows = page.TestId("compare-row");
        await Expect(rows.First).ToBeVisibleAsync();
        var count = await rows.CountAsync();
        await Expect(page.TestId("compare-chart").GetByTestId("compare-chart-row")).ToHaveCountAsync(count);
        await page.TestId("compare-chart").ScrollIntoViewIfNeededAsync();
        await Browser.ScreenshotAsync(page, phone ? "batch-compare-phone" : "batch-compare");
    }
}
