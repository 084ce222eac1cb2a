using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// Run on the Playground: the click, then the run's URL (/?run=ID) the page moves to once the run is stored.
/// A page that never gets there fails with what it showed (alerts, field errors, the reconnect dialog), a screenshot
/// and the app's last warnings, so a failure on a loaded CI machine says why instead of only "Timeout".
/// </summary>
internal static partial class PlaygroundRun
{
    [GeneratedRegex("/\\?run=([0-9a-f-]{36})$")]
    public static partial Regex RunUrl();

    // A loaded 2-core machine runs other test classes' models beside this page: more than the 30 s default.
    private const float UrlTimeoutMs = 90_000;

    public static Guid IdIn(IPage page) => Guid.Parse(RunUrl().Match(page.Url).Groups[1].Value);

    /// <summary>Clicks Run and returns the new run's id from the URL the page moved to.</summary>
    public static async Task<Guid> ClickRunAsync(IPage page, WebAppFactory app, string name)
    {
        await page.TestId("run-button").ClickAsync();
        return await WaitForRunUrlAsync(page, app, name);
    }

    /// <summary>Waits for the run's URL after a Run the caller clicked; see <see cref="ClickRunAsync"/>.</summary>
    public static async Task<Guid> WaitForRunUrlAsync(IPage page, WebAppFactory app, string name)
    {
        try
        {
            await page.WaitForURLAsync(RunUrl(), new() { Timeout = UrlTimeoutMs });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(await WhyStuckAsync(page, app, name), e);
        }
        return IdIn(page);
    }

    private static async Task<string> WhyStuckAsync(IPage page, WebAppFactory app, string name)
    {
        var shown = new List<string>();
        try
        {
            await Browser.ScreenshotAsync(page, name + "-stuck");
            shown.AddRange(await page.Locator(".mud-alert, .mud-input-error, .mud-snackbar, #components-reconnect-modal, #blazor-error-ui")
                .AllInnerTextsAsync());
            shown.Add($"run-button disabled: {await page.TestId("run-button").IsDisabledAsync()}");
        }
        catch (PlaywrightException e)
        {
            shown.Add($"(the page could not be read: {e.Message})");
        }
        var log = app.Log.Lines.Where(l => !l.StartsWith("Information", StringComparison.Ordinal)).TakeLast(15);
        return $"Run did not move the page to its run (still at {page.Url}).\nThe page shows:\n  {string.Join("\n  ", shown)}\n" +
            $"The app's last warnings and errors:\n  {string.Join("\n  ", log)}";
    }
}
