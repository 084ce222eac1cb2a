using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// Evaluate, Models and Users in a real browser against one app: an uploaded JSONL file evaluated with greedy and
/// bon-rear (progress bar, then table and chart); stories260K's facts; an admin creates an annotator, who cannot open /users.
/// </summary>
[Collection("Hangfire")]
public sealed class EvaluateTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task An_uploaded_dataset_is_evaluated_with_progress_then_table_and_chart()
    {
        // Enough searches that the page sees the job working; a story-preference item per line.
        var file = Path.Combine(Path.GetTempPath(), $"rear-eval-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, 16).Select(i => i % 2 == 0
            ? $$"""{"id": "cat-{{i}}", "question": "Once upon a time", "preference": "Tom was a cat who loved fish.", "mustMention": ["cat", "fish"]}"""
            : $$"""{"id": "short-{{i}}", "question": "One day", "preference": "<b>Short</b> story.", "maxWords": 30}"""));
        try
        {
            var page = await browser.NewPageAsync(app.BaseAddress);
            await Pages.SignInAsync(page, returnUrl: "/evaluate");

            await UploadAsync(page, file);
            await Expect(page.TestId("eval-dataset")).ToHaveTextAsync(new Regex(": 16 items$"));
            foreach (var off in new[] { "bon-l1", "bon-genrm", "dvts-rear" })
                await page.TestId($"eval-method-{off}").ClickAsync();
            await page.TestId("n").FillAsync("16");
            await page.TestId("max-tokens").FillAsync("48");
            await page.TestId("eval-bootstrap").FillAsync("200");
            await Expect(page.TestId("eval-searches")).ToHaveTextAsync("32 searches");
            await Browser.ScreenshotAsync(page, "evaluate-form");
            await page.TestId("eval-submit").ClickAsync();

            await page.WaitForURLAsync(new Regex("/evaluate/[0-9a-f-]{36}$"));
            await Expect(page.TestId("eval-progress")).ToBeVisibleAsync();
            await Expect(page.TestId("eval-status")).ToHaveTextAsync("succeeded", new() { Timeout = (float)Long.TotalMilliseconds });
            await Expect(page.TestId("eval-progress")).ToHaveCountAsync(0);

            await Expect(page.TestId("eval-row-method")).ToHaveCountAsync(2);
            Assert.Equal(["greedy", "bon-rear"], (await page.TestId("eval-row-method").AllInnerTextsAsync()).Select(t => t.Split('\n')[0].Trim()));
            foreach (var pass in await page.TestId("eval-row-pass").AllInnerTextsAsync())
                Assert.InRange(double.Parse(pass.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture), 0, 100);
            await Expect(page.TestId("eval-bar")).ToHaveCountAsync(2);
            await Expect(page.TestId("eval-bar-ci")).ToHaveCountAsync(2);

            // Answers open per item; the preference's markup stays text.
            await Expect(page.TestId("eval-item")).ToHaveCountAsync(16);
            await page.TestId("eval-item").Nth(1).Locator(".mud-expand-panel-header").ClickAsync();
            await Expect(page.TestId("eval-item").Nth(1).GetByText("<b>Short</b> story.")).ToBeVisibleAsync();
            await Expect(page.TestId("eval-item").Nth(1).GetByTestId("eval-answer")).ToHaveCountAsync(2);
            Assert.Equal(0, await page.Locator("b:text('Short')").CountAsync());
            await Browser.ScreenshotAsync(page, "evaluate");

            var phone = await browser.NewPageAsync(app.BaseAddress, phone: true);
            await Pages.SignInAsync(phone, returnUrl: new Uri(page.Url).AbsolutePath);
            await Expect(phone.TestId("eval-table")).ToBeVisibleAsync();
            await AssertNoHorizontalOverflowAsync(phone);
            await Browser.ScreenshotAsync(phone, "evaluate-phone");

            // The list on /evaluate shows it with its best method, and it opens from there.
            await page.GotoAsync("/evaluate");
            await Expect(page.TestId("evaluation-row")).ToHaveCountAsync(1);
            await Expect(page.TestId("evaluation-list")).ToContainTextAsync("succeeded");
            await Expect(page.TestId("evaluation-list")).ToContainTextAsync(Path.GetFileName(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_models_page_shows_stories260K_with_its_facts()
    {
        foreach (var phone in new[] { false, true })
        {
            var page = await browser.NewPageAsync(app.BaseAddress, phone);
            await Pages.SignInAsync(page, returnUrl: "/models");
            var card = page.TestId("model-card").Filter(new() { Has = page.TestId("model-name").GetByText("stories260K", new() { Exact = true }) });
            await Expect(card).ToHaveCountAsync(1, new() { Timeout = 60_000 });
            foreach (var (label, value) in new[]
                     {
                         ("Layers", "5"), ("KV heads", "4"), ("Head size", "8"), ("Vocabulary", "512"), ("KV element type", "Float"),
                         ("Max positions", "512"), ("Chat template", "none (plain language model)"), ("Device", "cpu"), ("File size", "1.2 MB"),
                     })
                await Expect(card.GetByTestId("model-fact").Filter(new() { HasTextRegex = new Regex("^\\s*" + label) })
                    .Locator("td").Nth(1)).ToHaveTextAsync(value);
            await Expect(card.GetByTestId("model-loaded")).ToHaveTextAsync("loaded");
            await AssertNoHorizontalOverflowAsync(page);
            await Browser.ScreenshotAsync(page, phone ? "models-phone" : "models");
        }
    }

    [Fact]
    public async Task An_admin_creates_an_annotator_who_cannot_open_the_users_page()
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(page, returnUrl: "/users");
        await page.TestId("user-new-email").FillAsync("not an email");
        await Expect(page.GetByText("'not an email' is not a valid email address")).ToBeVisibleAsync();
        await page.TestId("user-new-email").FillAsync("ann@example.org");
        await page.TestId("user-new-password").FillAsync("short");
        await page.TestId("user-create").ClickAsync();
        await Expect(page.TestId("user-create-error").First).ToBeVisibleAsync(); // Identity's password policy
        await page.TestId("user-new-password").FillAsync("Ann-pass-1");
        await page.TestId("user-create").ClickAsync();
        await Expect(page.TestId("user-created")).ToHaveTextAsync("Created ann@example.org.");
        var row = page.TestId("user-row").Filter(new() { Has = page.TestId("user-email").GetByText("ann@example.org", new() { Exact = true }) });
        await Expect(row.GetByTestId("user-role")).ToHaveTextAsync(["annotator"]);
        await row.Locator(".mud-expand-panel-header").ClickAsync();
        await Expect(row.GetByTestId("user-lock")).ToBeVisibleAsync();
        await row.Locator(".mud-collapse-entered").WaitForAsync(); // the panel has finished opening
        await Browser.ScreenshotAsync(page, "users");

        var phone = await browser.NewPageAsync(app.BaseAddress, phone: true);
        await Pages.SignInAsync(phone, returnUrl: "/users");
        await Expect(phone.TestId("user-row")).ToHaveCountAsync(2);
        var own = phone.TestId("user-row").Filter(new() { Has = phone.TestId("user-email").GetByText(WebAppFactory.AdminEmail, new() { Exact = true }) });
        await own.Locator(".mud-expand-panel-header").ClickAsync();
        await own.Locator(".mud-collapse-entered").WaitForAsync();
        await Expect(own.GetByText("This is your account")).ToBeVisibleAsync();
        await AssertNoHorizontalOverflowAsync(phone);
        await Browser.ScreenshotAsync(phone, "users-phone");

        // A fresh browser context signs in as the annotator: no Users link, and /users is refused.
        var annotator = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(annotator, "ann@example.org", "Ann-pass-1");
        await Expect(annotator.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        // Inside the app the page says why; loaded afresh, the server's authorization sends them to the no-access page.
        await annotator.EvaluateAsync("() => Blazor.navigateTo('/users')");
        await Expect(annotator.GetByText("Your account's role does not give access to this page.")).ToBeVisibleAsync();
        await Expect(annotator.TestId("user-create")).ToHaveCountAsync(0);
        await annotator.GotoAsync("/users");
        await Expect(annotator).ToHaveURLAsync(new Regex("/account/denied\\?ReturnUrl=%2Fusers"));
        await Expect(annotator.TestId("access-denied")).ToBeVisibleAsync();
        await Expect(annotator.TestId("user-row")).ToHaveCountAsync(0);
        await Expect(annotator.TestId("user-create")).ToHaveCountAsync(0);
    }

    // Blazor's InputFile listens only once its JS has initialised, just after the first render: a file set before
    // that is lost, so set it again until the page has taken it.
    private static async Task UploadAsync(IPage page, string file)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.TestId("eval-file").SetInputFilesAsync(file);
            try
            {
                await page.TestId("eval-dataset").Or(page.TestId("eval-dataset-error")).WaitForAsync(new() { Timeout = 5_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 5)
            {
            }
        }
    }

    private static async Task AssertNoHorizontalOverflowAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scroll, client) = (widths[0], widths[1]);
        Assert.True(scroll <= client, $"the page is {scroll}px wide in a {client}px viewport");
    }
}
