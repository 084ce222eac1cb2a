using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// A team campaign end to end in Chromium: the admin creates it in the dialog (K = 2, three annotators, three runs,
/// guidelines with Markdown and inert HTML); three browser contexts judge at once with keys only, none seeing another's
/// pick before submitting; every item ends with exactly two judgments; the dashboard shows a row per annotator and α.
/// </summary>
[Collection("Hangfire")]
public sealed class CampaignTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    private const string Password = "Team-e2e-pass-12";
    private static readonly string[] Team = ["ann-e2e@example.org", "bob-e2e@example.org", "cat-e2e@example.org"];
    private const string Guidelines = "Pick the **clearest answer**. <script>window.__x=1</script> <img src=x onerror=\"window.__y=1\">";

    [Fact]
    public async Task Admin_creates_a_campaign_and_three_annotators_judge_it_blind_with_keys()
    {
        using var admin = await app.SignedInAsync();
        foreach (var email in Team)
        {
            using var created = await admin.PostAsJsonAsync("/api/users", new { email, password = Password, roles = new[] { "annotator" } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var runs = new List<Guid>();
        for (var i = 0; i < 3; i++) runs.Add(await RunApi.SubmitAsync(admin, RunApi.Bon(n: 4, maxTokens: 8)));
        foreach (var run in runs) Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(admin, run)));

        var id = await CreateInBrowserAsync();

        // Three annotators at once, the third on a phone.
        var judged = await Task.WhenAll(Team.Select((email, i) => JudgeAllAsync(id, email, phone: i == 2)));
        Assert.Equal(6, judged.Sum());

        // Every item ends with exactly K = 2 judgments, none lost.
        using (var details = await admin.GetAsync($"/api/campaigns/{id}"))
        {
            var json = (await details.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(3, (int)json["items"]!);
            Assert.Equal(6, (int)json["judgments"]!);
        }
        var export = await admin.GetStringAsync($"/api/campaigns/{id}/export.jsonl");
        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var perItem = lines.GroupBy(l => (long)l["item"]!).ToList();
        Assert.Equal(3, perItem.Count);
        Assert.All(perItem, item =>
        {
            Assert.Equal(2, item.Count());
            Assert.Equal(2, item.Select(l => (string)l["annotator"]!).Distinct().Count());
        });

        foreach (var phone in new[] { false, true })
        {
            var page = await browser.NewPageAsync(app.BaseAddress, phone);
            await Pages.SignInAsync(page, returnUrl: $"/campaigns/{id}");
            await Expect(page.TestId("campaign-progress")).ToHaveCountAsync(3);
            foreach (var email in Team) await Expect(page.TestId("campaign-progress").Filter(new() { HasText = email })).ToHaveCountAsync(1);
            await Expect(page.TestId("campaign-alpha")).ToBeVisibleAsync();
            await Expect(page.TestId("campaign-complete")).ToHaveTextAsync("3 of 3");
            await Browser.ScreenshotAsync(page, phone ? "campaign-dashboard-phone" : "campaign-dashboard");
            await AssertNoHorizontalScrollAsync(page);
            // Headers and figures are never broken mid-word (they were at phone width); names may wrap.
            Assert.True(await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('.mud-table-root th, .mud-table-root td:not(.rear-text)')]" +
                ".every(c => { const r = document.createRange(); r.selectNodeContents(c); return r.getClientRects().length <= c.textContent.trim().split(/\\s+/).length; })"),
                $"a dashboard header or figure wraps at {page.ViewportSize?.Width}px");
        }
    }

    /// <summary>The list, the dialog filled in, Create; returns the new campaign's id from the dashboard's address.</summary>
    private async Task<long> CreateInBrowserAsync()
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(page, returnUrl: "/campaigns");
        await page.TestId("campaign-new").ClickAsync();
        await page.TestId("campaign-name").FillAsync("Clarity team");
        await page.TestId("campaign-guidelines").FillAsync(Guidelines);
        await page.TestId("campaign-task").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "best", Exact = true }).ClickAsync();
        await page.TestId("campaign-k").FillAsync("2");
        await page.TestId("campaign-every-annotator").ClickAsync();
        foreach (var email in Team) await page.TestId("campaign-annotator").And(page.GetByRole(AriaRole.Checkbox, new() { Name = email, Exact = true })).ClickAsync();
        await Expect(page.TestId("campaign-run")).ToHaveCountAsync(3);
        for (var i = 0; i < 3; i++) await page.TestId("campaign-run").Nth(i).ClickAsync();
        await Browser.ScreenshotAsync(page, "campaign-create-dialog");
        await page.TestId("campaign-create").ClickAsync();
        await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(new Uri(url).AbsolutePath, @"^/campaigns/\d+$"));
        var id = long.Parse(new Uri(page.Url).AbsolutePath.Split('/')[^1]);

        await page.GotoAsync("/campaigns");
        await Expect(page.TestId("campaign-row")).ToHaveCountAsync(1);
        await Expect(page.TestId("campaign-row")).ToContainTextAsync("Clarity team");
        // The admin set it up but is not one of its annotators: no Judge button for them.
        await Expect(page.TestId("campaign-work")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(page, "campaign-list");
        var phone = await browser.NewPageAsync(app.BaseAddress, phone: true);
        await Pages.SignInAsync(phone, returnUrl: "/campaigns");
        await Expect(phone.TestId("campaign-row")).ToHaveCountAsync(1);
        await Browser.ScreenshotAsync(phone, "campaign-list-phone");
        await AssertNoHorizontalScrollAsync(phone);
        return id;
    }

    /// <summary>One annotator judges with keys only (a letter, then Enter) until nothing is left; returns how many.</summary>
    private async Task<int> JudgeAllAsync(long id, string email, bool phone)
    {
        var page = await browser.NewPageAsync(app.BaseAddress, phone);
        await Pages.SignInAsync(page, email, Password, returnUrl: $"/campaigns/{id}/work");
        var guidelines = page.TestId("guidelines");
        await Expect(guidelines.Locator("strong")).ToHaveTextAsync("clearest answer");
        await Expect(guidelines).ToContainTextAsync("<script>window.__x=1</script>");
        var others = Team.Where(t => t != email).ToArray();
        var judged = 0;
        for (var turn = 0; turn < 10; turn++)
        {
            await Expect(page.Locator("[data-testid=campaign-done], [data-testid=item-candidate]").First).ToBeVisibleAsync();
            if (await page.TestId("campaign-done").CountAsync() > 0) break;
            await Expect(page.TestId("judge-keys")).ToBeVisibleAsync();
            // Blind: nothing is chosen before this annotator picks, and nobody else's name or judgment shows.
            await Expect(page.Locator("[data-testid=item-candidate][data-chosen=true]")).ToHaveCountAsync(0);
            var text = await page.Locator(".mud-main-content").InnerTextAsync();
            Assert.All(others, other => Assert.DoesNotContain(other, text));
            if (turn == 0) await Browser.ScreenshotAsync(page, phone ? "campaign-work-phone" : $"campaign-work-{email[..3]}");

            var letters = await page.TestId("item-label").AllInnerTextsAsync();
            var pick = letters[(judged + email[0]) % letters.Count].Trim();
            await page.Keyboard.PressAsync(pick.ToLowerInvariant());
            await Expect(page.TestId("item-candidate").Filter(new() { Has = page.TestId("item-label").GetByText(pick, new() { Exact = true }) }))
                .ToHaveAttributeAsync("data-chosen", "true");
            await page.Keyboard.PressAsync("Enter");
            judged++;
            // The next item starts with nothing chosen, or the campaign is done for this annotator.
            await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=campaign-done]') || !document.querySelector('[data-chosen=true]')");
        }
        await Expect(page.TestId("campaign-done")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.__x === undefined && window.__y === undefined"));
        if (phone) await Browser.ScreenshotAsync(page, "campaign-work-done-phone");
        await AssertNoHorizontalScrollAsync(page);
        return judged;
    }

    private static async Task AssertNoHorizontalScrollAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            $"{page.Url} scrolls sideways at {page.ViewportSize?.Width}px");
}
