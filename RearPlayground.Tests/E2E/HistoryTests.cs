using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RearPlayground.Data.Runs;
using RearPlayground.Web.History;
using RearPlayground.Tests.Web;
using RearPlayground.Web.Accounts;
using RearPlayground.Web.Components.Pages.History;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// History and comparison in a real browser against one app: filter by text and status, sort, the back button,
/// open a run, cancel one (the page refreshes itself until it has ended), compare two, and delete only one's own runs.
/// Each test tags its runs' questions so that it sees only them.
/// </summary>
[Collection("Hangfire")]
public sealed class HistoryTests(Browser browser, ListedPacedStoreApp app) : IClassFixture<Browser>, IClassFixture<ListedPacedStoreApp>
{
    private const string Bob = "bob@example.org", BobPassword = "Bob-pass-12";

    [Fact]
    public async Task History_filters_sorts_cancels_opens_and_compares_runs()
    {
        var tag = "tag" + Guid.NewGuid().ToString("N")[..8];
        using var admin = await app.SignedInAsync();
        using var bob = await BobAsync();
        var alpha = await RunApi.SubmitAsync(admin, Tagged(RunApi.Tiny(), $"{tag} alpha"));
        var beta = await RunApi.SubmitAsync(admin, Tagged(RunApi.Bon(), $"{tag} beta"));
        var gamma = await RunApi.SubmitAsync(bob, Tagged(RunApi.Tiny(), $"{tag} gamma"));
        foreach (var id in new[] { alpha, beta, gamma }) Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(admin, id)));
        // A run that must still be going when the page cancels it: its store is paced (3 ms an event, thousands of
        // events), so it lasts tens of seconds however fast the machine; fewer tokens leave room for the longer question.
        var longBody = Tagged(RunApi.Long(), $"{tag} long");
        (longBody["n"], longBody["maxTokens"], longBody["maxSteps"]) = (16, 400, 400);
        var slow = await RunApi.SubmitAsync(admin, longBody);
        app.Listed[slow] = true;

        var page = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(page, returnUrl: $"/runs?text={tag}");
        var rows = page.TestId("history-row");
        await Expect(rows).ToHaveCountAsync(4);

        // The long run is still going: its owner cancels it; the page refreshes itself until it has ended.
        var slowRow = Row(page, slow);
        await Expect(slowRow.GetByTestId("history-status")).ToHaveTextAsync(new Regex("queued|running"));
        await ActionAsync(page, slow, "history-cancel");
        await Expect(slowRow.GetByTestId("history-status")).ToHaveTextAsync("cancelled", new() { Timeout = 60_000 });

        // Text search, reflected in the URL.
        await page.TestId("filter-text").FillAsync($"{tag} alpha");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync($"{tag} alpha");
        await Expect(page).ToHaveURLAsync(new Regex("text=" + tag + "%20alpha"));
        await page.TestId("filter-text").FillAsync(tag);
        await Expect(rows).ToHaveCountAsync(4);

        // Status.
        await PickAsync(page, "filter-status", "cancelled");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(Row(page, slow)).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("status=cancelled"));
        await PickAsync(page, "filter-status", "succeeded");
        await Expect(rows).ToHaveCountAsync(3);

        // Sort by owner: admin@… before bob@…, then the other way; the back button restores the order.
        await page.TestId("sort-owner").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("sort=owner"));
        await Expect(rows.First).ToHaveAttributeAsync("data-run-id", beta.ToString());
        await page.TestId("sort-owner").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("sort=owner&desc=true"));
        await Expect(rows.First).ToHaveAttributeAsync("data-run-id", gamma.ToString());
        await page.GoBackAsync();
        await Expect(rows.First).ToHaveAttributeAsync("data-run-id", beta.ToString());
        await Browser.ScreenshotAsync(page, "history");

        // Compare two (the small and the larger Best-of-N).
        await Row(page, alpha).Locator("xpath=..").GetByTestId("history-select").ClickAsync();
        await Row(page, beta).Locator("xpath=..").GetByTestId("history-select").ClickAsync();
        await page.TestId("history-compare").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/runs/compare\\?a={alpha}&b={beta}$"));
        await Expect(page.TestId("compare-side")).ToHaveCountAsync(2);
        await Expect(Setting(page, "N")).ToHaveAttributeAsync("data-differs", "true");
        await Expect(Setting(page, "max tokens")).ToHaveAttributeAsync("data-differs", "true");
        await Expect(Setting(page, "model")).ToHaveAttributeAsync("data-differs", "false");
        await Expect(page.TestId("compare-candidate")).ToHaveCountAsync(2 + 4);
        await Expect(page.Locator("[data-testid=compare-candidate][data-best=true]")).ToHaveCountAsync(2);
        await Browser.ScreenshotAsync(page, "compare");

        // Unknown ids are told apart from a bad one.
        await page.GotoAsync($"/runs/compare?a={Guid.NewGuid()}&b=nope");
        await Expect(page.TestId("compare-missing")).ToHaveCountAsync(2);
        await Expect(page.TestId("compare-missing").First).ToContainTextAsync("there is no run");

        // Open a run from the history: its page's URL.
        await page.GotoAsync($"/runs?text={tag}%20alpha");
        await rows.First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/runs/{alpha}$"));

        var phone = await browser.NewPageAsync(app.BaseAddress, phone: true);
        await Pages.SignInAsync(phone, returnUrl: $"/runs?text={tag}");
        await Expect(phone.TestId("history-row")).ToHaveCountAsync(4);
        // No column headers on a phone: the sort bar orders the list.
        await PickAsync(phone, "history-sort", "Owner");
        await phone.TestId("history-sort-direction").ClickAsync();
        await Expect(phone).ToHaveURLAsync(new Regex("sort=owner&desc=true"));
        await Expect(phone.TestId("history-row").First).ToHaveAttributeAsync("data-run-id", gamma.ToString());
        await AssertNoHorizontalOverflowAsync(phone);
        await Browser.ScreenshotAsync(phone, "history-phone");
        await phone.GotoAsync($"/runs/compare?a={alpha}&b={beta}");
        await Expect(phone.TestId("compare-candidate")).ToHaveCountAsync(6);
        await AssertNoHorizontalOverflowAsync(phone);
        await Browser.ScreenshotAsync(phone, "compare-phone");
    }

    [Fact]
    public async Task Owners_delete_their_own_runs_and_no_one_elses()
    {
        var tag = "tag" + Guid.NewGuid().ToString("N")[..8];
        using var admin = await app.SignedInAsync();
        using var bob = await BobAsync();
        var adminsRun = await RunApi.SubmitAsync(admin, Tagged(RunApi.Tiny(), $"{tag} admin's"));
        var bobsRun = await RunApi.SubmitAsync(bob, Tagged(RunApi.Tiny(), $"{tag} bob's"));
        foreach (var id in new[] { adminsRun, bobsRun }) await RunApi.WaitForEndAsync(admin, id);

        var page = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(page, Bob, BobPassword, returnUrl: $"/runs?text={tag}");
        await Expect(page.TestId("history-row")).ToHaveCountAsync(2);

        // Someone else's run: no delete (nor cancel) offered.
        await Row(page, adminsRun).Locator("xpath=..").GetByTestId("history-actions").ClickAsync();
        await Expect(page.TestId("history-open")).ToBeVisibleAsync();
        await Expect(page.TestId("history-delete")).ToHaveCountAsync(0);
        await ClickOutsideAsync(page);
        await Expect(page.TestId("history-open")).ToBeHiddenAsync();

        // One's own: deleted after confirming.
        await ActionAsync(page, bobsRun, "history-delete");
        await page.TestId("delete-confirm").ClickAsync();
        await Expect(page.TestId("history-row")).ToHaveCountAsync(1);
        await Expect(Row(page, adminsRun)).ToBeVisibleAsync();
        var store = app.Services.GetRequiredService<IRunStore>();
        Assert.Null(await store.FindAsync(bobsRun));

        // And the store refuses a non-admin's delete of someone else's run whatever the page shows.
        var actions = app.Services.GetRequiredService<HistoryActions>();
        var bobUser = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, Bob), new Claim(ClaimTypes.Role, Roles.Annotator)], "test"));
        Assert.Equal(RunDeletion.NotOwner, await actions.DeleteAsync(adminsRun, bobUser));
        Assert.Equal(RunDeletion.NotOwner, await store.DeleteAsync(adminsRun, onlyOwner: Bob));
        Assert.NotNull(await store.FindAsync(adminsRun));
    }

    [Fact]
    public async Task Run_again_with_a_new_seed_from_the_history_links_the_new_run_to_the_original()
    {
        var tag = "tag" + Guid.NewGuid().ToString("N")[..8];
        using var admin = await app.SignedInAsync();
        var dvts = Tagged(RunApi.Dvts(), $"{tag} rerun me");
        var original = await RunApi.SubmitAsync(admin, dvts);
        var originalRun = await RunApi.WaitForEndAsync(admin, original);
        var shortId = original.ToString("N")[..8];

        var page = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(page, returnUrl: $"/runs?text={tag}");
        var row = Row(page, original);
        await Expect(row).ToBeVisibleAsync();
        // The row tells this run apart from others of the same question: method as on the form, N, M, step rule, λ, scorer.
        var cells = row.Locator("xpath=..");
        await Expect(cells.GetByTestId("history-method")).ToHaveTextAsync("DVTS");
        await Expect(cells.GetByTestId("history-settings")).ToHaveTextAsync(new Regex(@"N\s*4\s*M\s*2\s*step\s*8 tokens\s*λ\s*20\s*scorer\s*rear"));

        await ActionAsync(page, original, "history-rerun-new");
        await Expect(page).Not.ToHaveURLAsync(new Regex($"/runs/{original}$"));
        await Expect(page).ToHaveURLAsync(new Regex(@"/runs/[0-9a-f-]{36}$"));
        var again = Guid.Parse(page.Url[^36..]);
        Assert.NotEqual(original, again);
        var link = page.TestId("rerun-of");
        await Expect(link).ToHaveTextAsync($"re-run of {shortId}");
        await Browser.ScreenshotAsync(page, "run-rerun-of");

        var rerun = await RunApi.WaitForEndAsync(admin, again);
        Assert.Equal(original, rerun["rerunOf"]!.GetValue<Guid>());
        Assert.NotEqual(originalRun["request"]!["seed"]!.GetValue<long>(), rerun["request"]!["seed"]!.GetValue<long>());

        // Back in the history, the new row links to the original; the link opens it.
        await page.GotoAsync($"/runs?text={tag}");
        await Expect(page.TestId("history-row")).ToHaveCountAsync(2);
        await Expect(Row(page, again).GetByTestId("rerun-of")).ToHaveTextAsync($"re-run of {shortId}");
        await Expect(Row(page, original).GetByTestId("rerun-of")).ToHaveCountAsync(0);
        // At 1280 the columns fit: the table does not scroll sideways, and each header starts where its column does.
        var widths = await page.EvaluateAsync<string>("() => { const c = document.querySelector('.rear-history .mud-table-container'); " +
            "return c.scrollWidth + ' > ' + c.clientWidth + ': ' + [...document.querySelectorAll('.rear-history thead th')].map(th => Math.round(th.getBoundingClientRect().width)).join(', '); }");
        Assert.True(await page.EvaluateAsync<bool>("() => { const c = document.querySelector('.rear-history .mud-table-container'); return c.scrollWidth <= c.clientWidth; }"),
            $"the history table scrolls sideways at 1280 px: {widths}");
        var offsets = await page.EvaluateAsync<double[]>("""
            () => { const head = [...document.querySelectorAll('.rear-history thead th')];
                    const cells = [...document.querySelector('.rear-history tbody tr').querySelectorAll('td')];
                    return head.length !== cells.length ? [-1] : head.map((th, i) => Math.abs(th.getBoundingClientRect().left - cells[i].getBoundingClientRect().left)); }
            """);
        Assert.All(offsets, o => Assert.InRange(o, 0, 1));
        await Browser.ScreenshotAsync(page, "history-rerun");
        var phone = await browser.NewPageAsync(app.BaseAddress, phone: true);
        await Pages.SignInAsync(phone, returnUrl: $"/runs?text={tag}");
        await Expect(Row(phone, again).GetByTestId("rerun-of")).ToBeVisibleAsync();
        await AssertNoHorizontalOverflowAsync(phone);
        await Browser.ScreenshotAsync(phone, "history-rerun-phone");

        await Row(page, again).GetByTestId("rerun-of").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/runs/{original}$"));
        await Expect(page.TestId("run-id")).ToHaveTextAsync(original.ToString());
    }

    /// <summary>A click on the page's title, under the menu's overlay: the menu closes.</summary>
    private static async Task ClickOutsideAsync(IPage page)
    {
        var box = await page.GetByRole(AriaRole.Heading, new() { Name = "History" }).BoundingBoxAsync()
            ?? throw new InvalidOperationException("no History heading");
        await page.Mouse.ClickAsync(box.X + 5, box.Y + 5);
    }

    private static JsonObject Tagged(JsonObject body, string question)
    {
        body["question"] = question;
        return body;
    }

    /// <summary>Bob, an annotator created by the admin through the API (once per app).</summary>
    private async Task<HttpClient> BobAsync()
    {
        using (var admin = await app.SignedInAsync())
        using (await admin.PostAsJsonAsync("/api/users", new { email = Bob, password = BobPassword, roles = new[] { Roles.Annotator } }))
        {
            // 201 the first time, 400 (exists) after: either way Bob can sign in below.
        }
        return await app.SignedInAsync(Bob, BobPassword);
    }

    private static ILocator Row(IPage page, Guid id) => page.Locator($"[data-testid=history-row][data-run-id='{id}']");

    private static ILocator Setting(IPage page, string name) =>
        page.Locator($"[data-testid=compare-settings] [data-testid=compare-setting][data-setting='{name}']");

    private static async Task ActionAsync(IPage page, Guid id, string action)
    {
        await Row(page, id).Locator("xpath=..").GetByTestId("history-actions").ClickAsync();
        await page.TestId(action).ClickAsync();
    }

    /// <summary>Opens a MudSelect and picks the option with that text.</summary>
    private static async Task PickAsync(IPage page, string testId, string option)
    {
        await page.TestId(testId).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
    }

    private static async Task AssertNoHorizontalOverflowAsync(IPage page)
    {
        var (scroll, client) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"),
            await page.EvaluateAsync<int>("document.documentElement.clientWidth"));
        var wide = await page.EvaluateAsync<string[]>(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth).slice(0, 5).map(e => e.tagName + '.' + e.className)");
        Assert.True(scroll <= client, $"the page is {scroll}px wide in a {client}px viewport: {string.Join(", ", wide)}");
    }
}
