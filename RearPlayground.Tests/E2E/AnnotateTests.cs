using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// Annotating in a real browser: a Best-of-N run from the API, a best pick, two blind pairs judged with the keyboard,
/// a comment; then the DPO export downloaded from the Export page and parsed line by line.
/// </summary>
[Collection("Hangfire")]
public sealed class AnnotateTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    private const string Comment = "Candidate two, \"clearly\", wins.";

    [Fact]
    public async Task A_run_is_annotated_in_the_browser_and_its_DPO_export_parses()
    {
        using var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, RunApi.Bon(n: 4, maxTokens: 24));
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, id)));

        var page = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(page, returnUrl: "/annotate");
        await Expect(page.TestId("queue-count")).ToHaveTextAsync("1 to do");
        // The method by its form name, in the queue and on the run's page.
        await Expect(page.Locator(".mud-main-content")).ToContainTextAsync("stories260K · Best-of-N · 4 candidates");
        await Browser.ScreenshotAsync(page, "annotate-queue");
        await page.TestId("queue-open").ClickAsync();
        await page.WaitForURLAsync(new Regex($"/annotate/{id}$"));

        // Pick the best: one button per candidate.
        await Expect(page.TestId("annotate-best")).ToHaveCountAsync(4);
        await Expect(page.Locator(".mud-main-content")).ToContainTextAsync("stories260K · Best-of-N · 4 candidates");
        await page.TestId("annotate-best").Nth(2).ClickAsync();
        await Expect(page.TestId("own-annotation")).ToHaveCountAsync(1);
        await Expect(page.TestId("own-annotation")).ToContainTextAsync("Best: #2");
        await Browser.ScreenshotAsync(page, "annotate");

        // Blind pairs with the keyboard: 1 = left, 3 = tie; the next pair comes at once.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Blind pairs" }).ClickAsync();
        await Expect(page.TestId("pair-progress")).ToHaveTextAsync("Pair 1 of 6");
        await Expect(page.TestId("pair-keys")).ToBeVisibleAsync(); // the key listener is in place
        await page.Keyboard.PressAsync("1");
        await Expect(page.TestId("pair-progress")).ToHaveTextAsync("Pair 2 of 6");
        await page.Keyboard.PressAsync("3");
        await Expect(page.TestId("pair-progress")).ToHaveTextAsync("Pair 3 of 6");
        await Browser.ScreenshotAsync(page, "annotate-pairs");

        await page.TestId("comment-text").FillAsync(Comment);
        await page.TestId("comment-save").ClickAsync();
        await Expect(page.TestId("annotation-comment")).ToHaveTextAsync(Comment);
        // On the blind tab the two pairs are one line, and nothing names a candidate.
        await Expect(page.TestId("own-annotation")).ToHaveCountAsync(3);
        await Expect(page.TestId("own-annotation").First).ToContainTextAsync("2 pairs judged");
        Assert.DoesNotMatch(new Regex(@"#\d"), await page.Locator(".mud-main-content").InnerTextAsync());

        var stored = (await client.GetFromJsonAsync<JsonArray>($"/api/runs/{id}/annotations"))!;
        Assert.Equal(["best", "pair", "pair", "comment"], stored.Select(a => a!["kind"]!.GetValue<string>()));
        Assert.Equal(["left", "tie"], stored.Where(a => a!["kind"]!.GetValue<string>() == "pair").Select(a => a!["value"]!["choice"]!.GetValue<string>()));
        // The run has left the queue.
        await page.TestId("annotate-next").ClickAsync();
        await page.WaitForURLAsync(new Regex("/annotate$"));
        await Expect(page.TestId("queue-empty")).ToBeVisibleAsync();

        var phone = await browser.NewPageAsync(app.BaseAddress, phone: true);
        await Pages.SignInAsync(phone, returnUrl: $"/annotate/{id}");
        await Expect(phone.TestId("annotate-best")).ToHaveCountAsync(4);
        await Browser.ScreenshotAsync(phone, "annotate-phone");
        await phone.GetByRole(AriaRole.Tab, new() { Name = "Rank" }).ClickAsync();
        await Expect(phone.TestId("rank-item")).ToHaveCountAsync(4);
        await Browser.ScreenshotAsync(phone, "annotate-rank-phone");

        // Export: the download button is a plain link to the route, signed in by the browser's cookie.
        // Every raw judgement: the pair judged "left" may repeat or contradict the best pick, which the default export
        // would merge (DpoExporterTests covers that); raw, there are always four.
        await page.GotoAsync("/export");
        await Expect(page.TestId("export-dpo-summary")).ToContainTextAsync("from 4 judgements");
        await page.TestId("export-raw").ClickAsync();
        await Expect(page.TestId("export-summary")).ToContainTextAsync("4 DPO pairs");
        await Expect(page.TestId("export-jsonl")).ToHaveAttributeAsync("href", new Regex("raw=true"));
        await Browser.ScreenshotAsync(page, "export");
        var download = await page.RunAndWaitForDownloadAsync(() => page.TestId("export-jsonl").ClickAsync());
        Assert.EndsWith(".jsonl", download.SuggestedFilename);
        var lines = (await File.ReadAllLinesAsync(await download.PathAsync())).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(4, lines.Count); // best #2 over the other three, and the pair judged "left" (the tie gives none)
        Assert.All(lines, l =>
        {
            Assert.Equal("Once upon a time", l["prompt"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(l["chosen"]!.GetValue<string>()));
            Assert.False(string.IsNullOrEmpty(l["rejected"]!.GetValue<string>()));
            Assert.Equal(id, l["run_id"]!.GetValue<Guid>());
        });
        Assert.Equal(3, lines.Count(l => l["kind"]!.GetValue<string>() == "best" && l["chosen_index"]!.GetValue<int>() == 2));

        await phone.GotoAsync("/export");
        await Expect(phone.TestId("export-dpo-summary")).ToContainTextAsync("from 4 judgements");
        await Browser.ScreenshotAsync(phone, "export-phone");
    }
}
