using Microsoft.Playwright;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>The setup page in a real browser: a refused password lists Identity's reasons one a line, at desktop and phone width.</summary>
[Collection("Hangfire")]
public sealed class SetupErrorsTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task A_refused_password_shows_one_reason_a_line()
    {
        // No bootstrap settings: the app prints a setup link.
        await using var app = new WebAppFactory(null, new Dictionary<string, string?>
        {
            ["Rear:Bootstrap:AdminEmail"] = "", ["Rear:Bootstrap:AdminPassword"] = "",
        });
        var link = app.SetupLink ?? throw new InvalidOperationException("the app printed no setup link");
        foreach (var phone in new[] { false, true })
        {
            var page = await browser.NewPageAsync(app.BaseAddress, phone);
            await page.GotoAsync(link);
            await page.TestId("setup-email").FillAsync("lead@example.org");
            await page.TestId("setup-password").FillAsync("short");
            await page.TestId("setup-submit").ClickAsync();

            await Expect(page.TestId("setup-error")).ToHaveCountAsync(1);
            await Expect(page.TestId("setup-error-item")).ToHaveCountAsync(4);
            await Expect(page.TestId("setup-error-item").First).ToContainTextAsync("at least 8 characters");
            Assert.DoesNotContain(".;", await page.TestId("setup-error").InnerTextAsync());
            // Each reason on a line of its own.
            var tops = new List<double>();
            foreach (var item in await page.TestId("setup-error-item").AllAsync()) tops.Add((await item.BoundingBoxAsync())!.Y);
            Assert.Equal(tops.Order(), tops);
            Assert.Equal(4, tops.Distinct().Count());
            await Browser.ScreenshotAsync(page, phone ? "setup-errors-phone" : "setup-errors");
            // Its circuit closed before the app stops (an open one holds the host's shutdown).
            await page.Context.CloseAsync();
        }
    }
}
