using Microsoft.Playwright;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// Text a user or a model wrote is shown as text: a script tag and an onerror image in the question and preference
/// reach the pages verbatim and stay inert (no dialog opens, no request for the image is made).
/// </summary>
[Collection("Hangfire")]
public sealed class MarkupSafetyTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    private const string Payload = "<script>alert('pwned')</script><img src=\"/evil.png\" onerror=\"alert('img')\">";

    [Fact]
    public async Task Script_and_onerror_payloads_in_question_and_preference_stay_text()
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        var dialogs = new List<string>();
        var evilRequests = new List<string>();
        page.Dialog += async (_, dialog) => { dialogs.Add(dialog.Message); await dialog.DismissAsync(); };
        page.Request += (_, request) => { if (request.Url.Contains("evil")) evilRequests.Add(request.Url); };
        await Pages.SignInAsync(page);

        await page.TestId("question").FillAsync("Once upon a time " + Payload);
        await page.TestId("preference").FillAsync("Tom was a cat. " + Payload);
        await page.TestId("max-tokens").FillAsync("16");
        await page.TestId("run-button").ClickAsync();
        await Expect(page.TestId("run-status")).ToHaveTextAsync("succeeded", new() { Timeout = 60_000 });

        // Opened from History, the run page shows the request back: the payload, character for character, as text.
        await page.GotoAsync("/runs");
        await page.TestId("history-row").First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/runs/"));
        await Expect(page.TestId("run-question")).ToHaveTextAsync("Once upon a time " + Payload);
        await Expect(page.TestId("run-preference")).ToHaveTextAsync("Tom was a cat. " + Payload);

        // Replayed from there, the same run plays to its last event and draws its candidates again.
        await page.TestId("replay-link").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/replay"));
        await page.GetByText("×20").ClickAsync();
        await page.TestId("replay-play").ClickAsync();
        await Expect(page.TestId("replay-counter")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"event (\d+) / \1$"), new() { Timeout = 30_000 });
        await Expect(page.TestId("run-status")).ToHaveTextAsync("succeeded");
        Assert.True(await page.TestId("candidate").CountAsync() > 0);
        Assert.Equal(0, await page.Locator("img[src='/evil.png']").CountAsync());
        Assert.Equal(0, await page.Locator("body script:not([src])").CountAsync());
        Assert.Empty(dialogs);
        Assert.Empty(evilRequests);
    }
}
