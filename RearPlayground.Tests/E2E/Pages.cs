using Microsoft.Playwright;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.E2E;

/// <summary>Steps every browser test takes: signing in through the sign-in page, waiting for the circuit.</summary>
internal static class Pages
{
    public static ILocator TestId(this IPage page, string id) => page.GetByTestId(id);

    /// <summary>Opens /account/login and signs in; returns once the playground (or <paramref name="returnUrl"/>) is shown.</summary>
    public static async Task SignInAsync(IPage page, string email = WebAppFactory.AdminEmail, string password = WebAppFactory.AdminPassword,
        string returnUrl = "/")
    {
        await page.GotoAsync($"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.TestId("login-email").FillAsync(email);
        await page.TestId("login-password").FillAsync(password);
        await page.TestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == returnUrl || new Uri(url).AbsolutePath == returnUrl);
        await page.TestId("account-menu").WaitForAsync();
    }
}
