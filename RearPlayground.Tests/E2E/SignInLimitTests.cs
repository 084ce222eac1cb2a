using Microsoft.Playwright;
using RearPlayground.Tests.Stress;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>The sign-in page past the per-client limit: a clear message with the wait, not "wrong password".</summary>
[Collection("Hangfire")]
public sealed class SignInLimitTests(Browser browser, RateLimitedApp app) : IClassFixture<Browser>, IClassFixture<RateLimitedApp>
{
    [Fact]
    public async Task Too_many_attempts_say_so_on_the_sign_in_page()
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        await page.GotoAsync("/account/login");
        await page.TestId("login-email").FillAsync(WebAppFactory.AdminEmail);
        await page.TestId("login-password").FillAsync("Wrong-pass-1");
        for (var i = 0; i < RateLimitedApp.Limit; i++)
        {
            await page.TestId("login-submit").ClickAsync();
            await Expect(page.TestId("login-error")).ToHaveTextAsync("Wrong email or password.");
            await Expect(page.TestId("login-submit")).ToBeEnabledAsync();
        }

        // Even the right password waits now.
        await page.TestId("login-password").FillAsync(WebAppFactory.AdminPassword);
        await page.TestId("login-submit").ClickAsync();

        await Expect(page.TestId("login-error")).ToContainTextAsync("Too many sign-in attempts from this computer. Wait");
        await Browser.ScreenshotAsync(page, "sign-in-too-many");
        var phone = await browser.NewPageAsync(app.BaseAddress, phone: true);
        await phone.GotoAsync("/account/login");
        await phone.TestId("login-email").FillAsync(WebAppFactory.AdminEmail);
        await phone.TestId("login-password").FillAsync(WebAppFactory.AdminPassword);
        await phone.TestId("login-submit").ClickAsync();
        await Expect(phone.TestId("login-error")).ToContainTextAsync("Too many sign-in attempts");
        await Browser.ScreenshotAsync(phone, "sign-in-too-many-phone");
    }
}
