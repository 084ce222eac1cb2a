using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RearPlayground.Tests.Web;
using RearPlayground.Web.Accounts;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>First run in a real browser: the one-time setup link creates the admin, who is then signed in; sign out and in.</summary>
[Collection("Hangfire")]
public sealed class AccountTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task The_setup_link_creates_the_first_admin_who_can_sign_out_and_in_again()
    {
        // No bootstrap settings: a newcomer's first start.
        await using var app = new WebAppFactory(null, new Dictionary<string, string?>
        {
            ["Rear:Bootstrap:AdminEmail"] = "", ["Rear:Bootstrap:AdminPassword"] = "",
        });
        var token = app.Services.GetRequiredService<SetupToken>();
        Assert.True(token.IsOpen);
        var page = await browser.NewPageAsync(app.BaseAddress);

        // Signed out, a page sends the visitor to sign in; that page points at the setup link.
        await page.GotoAsync("/models");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?ReturnUrl=%2Fmodels"));
        await Expect(page.TestId("setup-hint")).ToBeVisibleAsync();

        // A wrong token is refused.
        await page.GotoAsync("/setup?token=nope");
        await Expect(page.TestId("setup-invalid")).ToBeVisibleAsync();

        var link = app.SetupLink ?? throw new InvalidOperationException("the app printed no setup link");
        Assert.StartsWith(app.BaseAddress.ToString().TrimEnd('/') + "/setup?token=", link);
        await page.GotoAsync(link);
        await page.TestId("setup-email").FillAsync("lead@example.org");
        await page.TestId("setup-password").FillAsync("short");
        await page.TestId("setup-submit").ClickAsync();
        await Expect(page.GetByText("at least 8 characters").First).ToBeVisibleAsync();

        await page.TestId("setup-password").FillAsync("Lead-pass-1");
        await page.TestId("setup-submit").ClickAsync();
        await page.WaitForURLAsync(new Regex("/$"));
        await Expect(page.TestId("account-menu")).ToBeVisibleAsync();
        Assert.False(token.IsOpen);

        // The link is spent.
        await page.GotoAsync(link);
        await Expect(page.TestId("setup-invalid")).ToBeVisibleAsync();

        // Sign out, then in with a wrong and the right password.
        await page.GotoAsync("/");
        await page.TestId("account-menu").ClickAsync();
        await page.TestId("logout").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await page.TestId("login-email").FillAsync("lead@example.org");
        await page.TestId("login-password").FillAsync("Wrong-pass-1");
        await page.TestId("login-submit").ClickAsync();
        await Expect(page.TestId("login-error")).ToHaveTextAsync("Wrong email or password.");
        await Pages.SignInAsync(page, "lead@example.org", "Lead-pass-1");
        await Browser.ScreenshotAsync(page, "signed-in");
    }
}
