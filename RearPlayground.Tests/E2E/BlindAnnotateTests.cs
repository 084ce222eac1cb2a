using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// Annotation is blind: the admin has picked a best response and ranked them; bob, opening the run, sees no candidate
/// id on the blind-pairs tab and nothing of the admin's judgements until he has judged the run himself. The API
/// holds back the same until then.
/// </summary>
[Collection("Hangfire")]
public sealed class BlindAnnotateTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    private const string BobEmail = "bob-blind@example.org", BobPassword = "Bob-blind-12";
    private static readonly Regex CandidateId = new(@"#\d");

    [Fact]
    public async Task Others_judgements_stay_hidden_until_you_judge_and_the_blind_tab_names_no_candidate()
    {
        using var admin = await app.SignedInAsync();
        using (var created = await admin.PostAsJsonAsync("/api/users", new { email = BobEmail, password = BobPassword, roles = new[] { "annotator" } }))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = await RunApi.SubmitAsync(admin, RunApi.Bon(n: 4, maxTokens: 16));
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(admin, id)));
        using (var best = await admin.PostAsJsonAsync($"/api/runs/{id}/annotations", new { kind = "best", candidateIndex = 2 })) best.EnsureSuccessStatusCode();
        using (var rank = await admin.PostAsJsonAsync($"/api/runs/{id}/annotations", new { kind = "rank", value = new[] { 2, 0, 3, 1 } })) rank.EnsureSuccessStatusCode();

        // The API: bob sees none of the admin's judgements before judging.
        using var bob = await app.SignedInAsync(BobEmail, BobPassword);
        using (var listed = await bob.GetAsync($"/api/runs/{id}/annotations"))
        {
            Assert.Empty((await listed.Content.ReadFromJsonAsync<JsonArray>())!);
            Assert.Equal("2", Assert.Single(listed.Headers.GetValues("X-Annotations-Hidden")));
        }

        var page = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(page, BobEmail, BobPassword, returnUrl: $"/annotate/{id}");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Blind pairs" }).ClickAsync();
        await Expect(page.TestId("pair-keys")).ToBeVisibleAsync();
        await Expect(page.TestId("others-hidden")).ToContainTextAsync("2 annotations by others are hidden");
        await Expect(page.TestId("other-annotation")).ToHaveCountAsync(0);
        Assert.DoesNotMatch(CandidateId, await page.Locator(".mud-main-content").InnerTextAsync());
        Assert.DoesNotContain("admin@", await page.Locator(".mud-main-content").InnerTextAsync());
        await Browser.ScreenshotAsync(page, "annotate-blind-before");

        await page.Keyboard.PressAsync("1");
        await Expect(page.TestId("pair-progress")).ToHaveTextAsync("Pair 2 of 6");
        await page.Keyboard.PressAsync("2");
        await Expect(page.TestId("own-annotation")).ToHaveTextAsync(new Regex("2 pairs judged"));
        // Judged: the admin's annotations show, still without ids on this tab.
        await Expect(page.TestId("other-annotation")).ToHaveCountAsync(2);
        await Expect(page.TestId("others-hidden")).ToHaveCountAsync(0);
        Assert.DoesNotMatch(CandidateId, await page.Locator(".mud-main-content").InnerTextAsync());
        await Browser.ScreenshotAsync(page, "annotate-blind-after");

        // Off the blind tab, the ids are back: the admin's pick and rank, bob's pairs.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Best" }).ClickAsync();
        await Expect(page.TestId("other-annotation").First).ToContainTextAsync("Best: #2");
        await Expect(page.TestId("other-annotation").Nth(1)).ToContainTextAsync("Rank: #2 > #0 > #3 > #1");
        using (var listed = await bob.GetAsync($"/api/runs/{id}/annotations"))
        {
            Assert.Equal(4, (await listed.Content.ReadFromJsonAsync<JsonArray>())!.Count);
            Assert.Equal("0", Assert.Single(listed.Headers.GetValues("X-Annotations-Hidden")));
        }

        var phone = await browser.NewPageAsync(app.BaseAddress, phone: true);
        await Pages.SignInAsync(phone, BobEmail, BobPassword, returnUrl: $"/annotate/{id}");
        await phone.GetByRole(AriaRole.Tab, new() { Name = "Blind pairs" }).ClickAsync();
        await Expect(phone.TestId("pair-keys")).ToBeVisibleAsync();
        await Expect(phone.TestId("other-annotation")).ToHaveCountAsync(2);
        Assert.DoesNotMatch(CandidateId, await phone.Locator(".mud-main-content").InnerTextAsync());
        await Browser.ScreenshotAsync(phone, "annotate-blind-phone");
    }
}
