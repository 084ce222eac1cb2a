using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RearPlayground.Data.Campaigns;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// Campaigns from History in Chromium: an admin picks two runs and creates a rank campaign of them (desktop), then on a
/// phone adds a third to it, told which picked run was left out and why; an annotator reorders the rank list with a real
/// mouse drag and the stored ranking is the order shown.
/// </summary>
[Collection("Hangfire")]
public sealed class CampaignHistoryTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    private const string Password = "Team-e2e-pass-12";
    private static readonly string[] Team = ["ann-hist@example.org", "bob-hist@example.org"];

    private static JsonObject Run(string question, int n)
    {
        var body = RunApi.Bon(n: n, maxTokens: 8);
        body["question"] = question;
        if (n < 2) body["m"] = 1;
        return body;
    }

    [Fact]
    public async Task Admin_makes_a_campaign_from_History_and_an_annotator_ranks_by_dragging()
    {
        using var admin = await app.SignedInAsync();
        foreach (var email in Team)
        {
            using var created = await admin.PostAsJsonAsync("/api/users", new { email, password = Password, roles = new[] { "annotator" } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var first = await RunApi.SubmitAsync(admin, Run("Once upon a time hist one", 4));
        var second = await RunApi.SubmitAsync(admin, Run("Once upon a time hist two", 4));
        var third = await RunApi.SubmitAsync(admin, Run("Once upon a time hist three", 4));
        var single = await RunApi.SubmitAsync(admin, Run("Once upon a time hist single", 1));
        foreach (var run in new[] { first, second, third, single }) Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(admin, run)));
        var campaigns = app.Services.GetRequiredService<ICampaignStore>();

        // Desktop: two runs picked in History become a new rank campaign.
        var page = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(page, returnUrl: "/runs?text=hist");
        await Expect(page.TestId("history-row")).ToHaveCountAsync(4);
        await Pick(page, first);
        await Pick(page, second);
        await Expect(page.TestId("history-add-to-campaign")).ToContainTextAsync("(2)");
        await Browser.ScreenshotAsync(page, "history-campaign-selection");
        await page.TestId("history-add-to-campaign").ClickAsync();
        await Expect(page.TestId("campaign-run-count")).ToHaveTextAsync("2 runs picked in History");
        await page.TestId("campaign-name").FillAsync("From history");
        await page.TestId("campaign-guidelines").FillAsync("Best **first**.");
        await page.TestId("campaign-task").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "rank", Exact = true }).ClickAsync();
        await page.TestId("campaign-k").FillAsync("1");
        await Browser.ScreenshotAsync(page, "history-campaign-dialog");
        await AssertNoHorizontalScrollAsync(page);
        await page.TestId("campaign-create").ClickAsync();
        await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(new Uri(url).AbsolutePath, @"^/campaigns/\d+$"));
        var id = long.Parse(new Uri(page.Url).AbsolutePath.Split('/')[^1]);
        Assert.Equal(new[] { first, second }.Order(), (await campaigns.RunIdsAsync(id)).Order());
        Assert.Equal(2, (await campaigns.ItemsAsync(id)).Count);

        // Phone: the third run and the single-candidate one go to that open campaign; the single one is left out, and says why.
        var phone = await browser.NewPageAsync(app.BaseAddress, phone: true);
        await Pages.SignInAsync(phone, returnUrl: "/runs?text=hist");
        await Expect(phone.TestId("history-row")).ToHaveCountAsync(4);
        await Pick(phone, third);
        await Pick(phone, single);
        await Browser.ScreenshotAsync(phone, "history-campaign-selection-phone");
        await AssertNoHorizontalScrollAsync(phone);
        await phone.TestId("history-add-to-campaign").ClickAsync();
        await Expect(phone.TestId("campaign-run-count")).ToHaveTextAsync("1 run picked in History");
        await Expect(phone.TestId("campaign-left-out-run")).ToHaveTextAsync("Once upon a time hist single: fewer than two candidates");
        await Browser.ScreenshotAsync(phone, "history-campaign-dialog-phone");
        await AssertNoHorizontalScrollAsync(phone);
        await phone.TestId("campaign-target").ClickAsync();
        await phone.GetByRole(AriaRole.Option, new() { Name = "From history (rank, open)" }).ClickAsync();
        await Expect(phone.TestId("campaign-name")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(phone, "history-campaign-add-phone");
        await phone.TestId("campaign-add-runs").ClickAsync();
        await phone.WaitForURLAsync($"**/campaigns/{id}");
        Assert.Equal(new[] { first, second, third }.Order(), (await campaigns.RunIdsAsync(id)).Order());

        await RankByDraggingAsync(id);
    }

    /// <summary>
    /// An annotator drags the last candidate (a real mouse drag, HTML5 drag events from Chromium) to the top of the list:
    /// the list shows the new order, and Enter stores that ranking (checked in candidate indices through the export).
    /// </summary>
    private async Task RankByDraggingAsync(long id)
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(page, Team[0], Password, returnUrl: $"/campaigns/{id}/work");
        var labels = page.Locator(".mud-drop-zone [data-testid=item-label]");
        await Expect(labels).ToHaveCountAsync(4);
        var before = (await labels.AllInnerTextsAsync()).Select(l => l.Trim()).ToList();
        var candidates = page.Locator(".mud-drop-zone").GetByTestId("item-candidate");
        // The mouse as a person drags: press on the last candidate, move up over the first one's upper part, release.
        var from = (await candidates.Nth(3).BoundingBoxAsync())!;
        var to = (await candidates.Nth(0).BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(from.X + 40, from.Y + from.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(to.X + 40, to.Y + to.Height / 2, new() { Steps = 10 });
        await page.Mouse.MoveAsync(to.X + 40, to.Y + 4, new() { Steps = 5 });
        await page.Mouse.UpAsync();
        List<string> expected = [before[3], before[0], before[1], before[2]];
        await Expect(labels).ToHaveTextAsync([.. expected]);
        await Browser.ScreenshotAsync(page, "campaign-rank-dragged");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => !document.querySelector('[data-testid=judge-submit][disabled]')");

        using var admin = await app.SignedInAsync();
        JsonObject? line = null;
        for (var i = 0; i < 50 && line is null; i++)
        {
            var export = await admin.GetStringAsync($"/api/campaigns/{id}/export.jsonl");
            line = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject())
                .FirstOrDefault(l => (string?)l["annotator"] == Team[0]);
            if (line is null) await Task.Delay(100);
        }
        Assert.NotNull(line);
        var order = line["order"]!.AsArray().Select(n => (int)n!).ToList();
        var ranking = line["judgment"]!["ranking"]!.AsArray().Select(n => (int)n!).ToList();
        // Label A is the first index shown, B the second, …: the ranking stored is the labels' order as shown after the drag.
        Assert.Equal(expected.Select(label => order[label[0] - 'A']), ranking);
    }

    private static Task Pick(IPage page, Guid run) =>
        page.Locator($"[data-testid=history-row][data-run-id='{run}']").Locator("xpath=..").GetByTestId("history-select").ClickAsync();

    private static async Task AssertNoHorizontalScrollAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            $"{page.Url} scrolls sideways at {page.ViewportSize?.Width}px");
}
