using System.Text.Json.Nodes;
using Microsoft.Playwright;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// A finished Best-of-N run's results in a real browser: the λ controls re-rank the candidates as the API's rescore
/// does, a heatmap token shows its values on hover, GenRM ranks come from a real background job; screenshots at
/// desktop and phone width without the page overflowing.
/// </summary>
[Collection("Hangfire")]
public sealed class ResultsTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    [Fact]
    public async Task Moving_lambda_reorders_the_candidates_as_the_api_ranks_them_and_tokens_show_their_values()
    {
        var (id, client) = await FinishedRunAsync();
        var at0 = await ApiOrderAsync(client, id, 0);
        var at20 = await ApiOrderAsync(client, id, 20);
        var at50 = await ApiOrderAsync(client, id, 50);
        Assert.NotEqual(at0, at50); // seed 4 on stories260K: λ changes the pick

        var page = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(page, returnUrl: $"/runs/{id}/results");
        await Expect(page.TestId("candidate")).ToHaveCountAsync(4);
        await WaitForOrderAsync(page, at20); // the run's own λ

        await page.TestId("rank-lambda-value").FillAsync("0");
        await page.TestId("rank-lambda-value").PressAsync("Enter");
        await WaitForOrderAsync(page, at0);
        await page.TestId("rank-lambda").FillAsync("50"); // the slider
        await WaitForOrderAsync(page, at50);
        var scores = await page.TestId("candidate-score").AllTextContentsAsync();
        var numbers = scores.Select(s => double.Parse(s.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(numbers.OrderByDescending(s => s), numbers);
        Assert.All(await page.TestId("candidate-text").AllTextContentsAsync(), t => Assert.False(string.IsNullOrWhiteSpace(t)));

        // Side by side, in its tab: token values on hover.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Compare" }).ClickAsync();
        var token = page.TestId("heatmap-token").Nth(2);
        await token.HoverAsync();
        await Expect(page.TestId("heatmap-detail").First).ToContainTextAsync("ℓ0");
        await Expect(page.TestId("heatmap-detail").First).ToContainTextAsync("r_t (λ 50.00)");
        Assert.Contains("ℓp", await token.GetAttributeAsync("title") ?? "");

        await page.TestId("compare").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Browser.ScreenshotFolder, "heatmap.png") });

        // The best card's own heatmap too, then the whole page from the top (the side column is sticky).
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Ranking") }).ClickAsync();
        await page.TestId("candidate-tokens").First.ClickAsync();
        await Expect(page.TestId("candidate").First.GetByTestId("heatmap-token").First).ToBeVisibleAsync();
        await AssertNoPageOverflowAsync(page);
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await Browser.ScreenshotAsync(page, "results");

        var phone = await browser.NewPageAsync(app.BaseAddress, phone: true);
        await Pages.SignInAsync(phone, returnUrl: $"/runs/{id}/results");
        await Expect(phone.TestId("candidate")).ToHaveCountAsync(4);
        await phone.TestId("candidate-tokens").First.ClickAsync();
        await Expect(phone.TestId("candidate").First.GetByTestId("heatmap-token").First).ToBeVisibleAsync();
        await AssertNoPageOverflowAsync(phone);
        await phone.EvaluateAsync("window.scrollTo(0, 0)");
        await Browser.ScreenshotAsync(phone, "results-phone");
    }

    [Fact]
    public async Task GenRm_ranks_are_computed_by_a_background_job_and_shown()
    {
        var (id, _) = await FinishedRunAsync();
        var page = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(page, returnUrl: $"/runs/{id}/results");
        await Expect(page.TestId("rank-genrm").First).ToHaveTextAsync("GenRM: —");

        await page.TestId("genrm-compute").ClickAsync();
        await Expect(page.TestId("genrm-ready")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var ranks = (await page.TestId("rank-genrm").AllTextContentsAsync()).Select(t => t.Trim()).Order();
        Assert.Equal(["GenRM: 1", "GenRM: 2", "GenRM: 3", "GenRM: 4"], ranks);

        // The chart and tints are drawn for both themes.
        await page.TestId("theme-toggle").ClickAsync();
        await page.TestId("candidate-tokens").First.ClickAsync();
        await Browser.ScreenshotAsync(page, "results-dark");
    }

    private async Task<(Guid Id, HttpClient Client)> FinishedRunAsync()
    {
        var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, RunApi.Bon());
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, id, timeoutSeconds: 120)));
        return (id, client);
    }

    private static async Task<string> ApiOrderAsync(HttpClient client, Guid id, double lambda)
    {
        var body = (await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonObject>(client,
            $"/api/runs/{id}/rescore?lambda={lambda.ToString(System.Globalization.CultureInfo.InvariantCulture)}"))!;
        return string.Join(",", body["candidates"]!.AsArray().Select(c => c!["index"]!.GetValue<int>()));
    }

    private static Task WaitForOrderAsync(IPage page, string order) =>
        page.WaitForFunctionAsync(
            "order => [...document.querySelectorAll('[data-testid=candidate]')].map(e => e.dataset.index).join(',') === order", order);

    private static async Task AssertNoPageOverflowAsync(IPage page)
    {
        var (scroll, width) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scroll <= width, $"the page is {scroll} px wide in a {width} px window");
    }
}
