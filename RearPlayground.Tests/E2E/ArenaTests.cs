using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// The selector arena end to end in Chromium: the admin creates an arena over rear, likelihood and random in the dialog,
/// an annotator judges its pairs with keys (no selector name on the page), and the leaderboard shows three rows with the
/// chart and the matrix, at desktop and phone width.
/// </summary>
[Collection("Hangfire")]
public sealed class ArenaTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    private const string Password = "Arena-e2e-pass-12";
    private const string Annotator = "arena-e2e@example.org";
    private static readonly string[] Names = ["rear", "likelihood", "random"];

    [Fact]
    public async Task An_arena_over_three_selectors_is_judged_blind_and_its_leaderboard_shows_three_rows()
    {
        using var admin = await app.SignedInAsync();
        using (var created = await admin.PostAsJsonAsync("/api/users", new { email = Annotator, password = Password, roles = new[] { "annotator" } }))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var runs = new List<Guid>();
        for (var seed = 0; seed < 3; seed++)
        {
            var body = RunApi.Bon(n: 4, maxTokens: 8);
            body["seed"] = seed;
            runs.Add(await RunApi.SubmitAsync(admin, body));
        }
        foreach (var run in runs) Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(admin, run)));

        var page = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(page, returnUrl: "/campaigns");
        await page.TestId("campaign-new").ClickAsync();
        await page.TestId("campaign-name").FillAsync("Selector arena");
        await page.TestId("campaign-task").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "arena", Exact = true }).ClickAsync();
        // rear and likelihood come checked; add random.
        // The pool selectors, then guided and guided-bon (picks from runs of their own: the dialog says runs go by question).
        await Expect(page.TestId("campaign-selector")).ToHaveCountAsync(8);
        var guided = page.TestId("campaign-selector").And(page.GetByRole(AriaRole.Checkbox, new() { Name = "guided", Exact = true }));
        await Expect(page.TestId("campaign-arena-by-question")).ToHaveCountAsync(0);
        await guided.ClickAsync();
        await Expect(page.TestId("campaign-arena-by-question")).ToContainTextAsync("each selector takes its pick from the run of its kind");
        await guided.ClickAsync();
        await Expect(page.TestId("campaign-arena-by-question")).ToHaveCountAsync(0);
        await page.TestId("campaign-selector").And(page.GetByRole(AriaRole.Checkbox, new() { Name = "random", Exact = true })).ClickAsync();
        await page.TestId("campaign-every-annotator").ClickAsync();
        await page.TestId("campaign-annotator").And(page.GetByRole(AriaRole.Checkbox, new() { Name = Annotator, Exact = true })).ClickAsync();
        await Expect(page.TestId("campaign-run")).ToHaveCountAsync(3);
        for (var i = 0; i < 3; i++) await page.TestId("campaign-run").Nth(i).ClickAsync();
        await Browser.ScreenshotAsync(page, "arena-create-dialog");
        await page.TestId("campaign-create").ClickAsync();
        await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(new Uri(url).AbsolutePath, @"^/campaigns/\d+$"));
        var id = long.Parse(new Uri(page.Url).AbsolutePath.Split('/')[^1]);
        var details = (await admin.GetFromJsonAsync<JsonObject>($"/api/campaigns/{id}"))!;
        Assert.Equal("arena", (string)details["task"]!);
        var work = (int)details["items"]!;

        // The annotator judges with keys: 1 = A, 2 = B, 3 = tie, then Enter; no selector name is ever on the page.
        var judge = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(judge, Annotator, Password, returnUrl: $"/campaigns/{id}/work");
        var judged = 0;
        for (var turn = 0; turn <= work; turn++)
        {
            await Expect(judge.Locator("[data-testid=campaign-done], [data-testid=item-candidate]").First).ToBeVisibleAsync();
            if (await judge.TestId("campaign-done").CountAsync() > 0) break;
            await Expect(judge.TestId("item-candidate")).ToHaveCountAsync(2);
            var text = await judge.Locator(".mud-main-content").InnerTextAsync();
            Assert.All(Names, n => Assert.DoesNotContain(n, text, StringComparison.OrdinalIgnoreCase));
            if (turn == 0) await Browser.ScreenshotAsync(judge, "arena-work");
            // A tie (3) marks no candidate as chosen, so "nothing chosen" cannot tell the next item has come: the progress can.
            var progress = await judge.TestId("judge-progress").InnerTextAsync();
            await judge.Keyboard.PressAsync((turn % 3 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await judge.Keyboard.PressAsync("Enter");
            judged++;
            await judge.WaitForFunctionAsync(
                "p => document.querySelector('[data-testid=campaign-done]') || document.querySelector('[data-testid=judge-progress]')?.textContent !== p",
                progress);
        }
        await Expect(judge.TestId("campaign-done")).ToBeVisibleAsync();
        Assert.Equal(work, judged);

        await page.GotoAsync($"/campaigns/{id}");
        await page.TestId("campaign-leaderboard").ClickAsync();
        await page.WaitForURLAsync($"**/campaigns/{id}/leaderboard");
        foreach (var phone in new[] { false, true })
        {
            var view = phone ? await browser.NewPageAsync(app.BaseAddress, phone: true) : page;
            if (phone) await Pages.SignInAsync(view, returnUrl: $"/campaigns/{id}/leaderboard");
            await Expect(view.TestId("leaderboard-row")).ToHaveCountAsync(3);
            Assert.Equal(Names, (await view.TestId("leaderboard-selector").AllInnerTextsAsync()).Select(t => t.Trim()));
            var rates = await view.TestId("leaderboard-winrate").AllInnerTextsAsync();
            Assert.All(rates, r => Assert.Matches(@"^(\d{1,3}\.\d%|n/a)$", r.Trim()));
            await Expect(view.TestId("leaderboard-matrix-row")).ToHaveCountAsync(3);
            await Browser.ScreenshotAsync(view, phone ? "arena-leaderboard-phone" : "arena-leaderboard");
            Assert.True(await view.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
                $"the leaderboard scrolls sideways at {view.ViewportSize?.Width}px");
        }
    }
}
