using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// The token inspector in a browser: opened from a Best-of-N result card, one inspect-token per token of the candidate
/// with k alternatives per context, re-asked with another k and sorted by KL; screenshots at desktop and phone width. A long
/// response renders only the positions in view and reaches its last one by scrolling.
/// </summary>
[Collection("Hangfire")]
public sealed class TokenInspectorTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    [Fact]
    public async Task The_inspector_opens_from_a_best_of_n_card_and_lists_each_tokens_alternatives()
    {
        using var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, RunApi.Bon(n: 3, maxTokens: 20));
        var run = await RunApi.WaitForEndAsync(client, id, 120);
        Assert.Equal("succeeded", RunApi.Status(run));
        var best = run["best"]!.GetValue<int>();
        var count = run["candidates"]!.AsArray().First(c => c!["index"]!.GetValue<int>() == best)!["tokenIds"]!.AsArray().Count;
        var api = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/candidates/{best}/tokens"))!;

        var page = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(page, returnUrl: $"/runs/{id}/results");
        var card = page.Locator($"[data-testid=candidate][data-index=\"{best}\"]");
        await card.Locator("[data-testid=inspect-open]").ClickAsync();
        var dialog = page.TestId("inspect-dialog");
        await Expect(dialog.Locator("[data-testid=inspect-token]")).ToHaveCountAsync(count, new() { Timeout = 60_000 });
        await Expect(page.TestId("inspect-lambda")).ToContainTextAsync("λ = 20");
        await Expect(dialog.Locator("[data-testid=inspect-token]").First.Locator("[data-testid=inspect-alt]")).ToHaveCountAsync(10);
        // The page shows what the API answers: the first token's most likely alternative without the preference.
        var first = RearPlayground.Web.Components.Shared.Inspector.InspectorOrder.Visible(api["tokens"]![0]!["top0"]![0]!["text"]!.GetValue<string>());
        await Expect(dialog.Locator("[data-testid=inspect-token]").First.Locator("[data-testid=inspect-alt] code").First).ToHaveTextAsync(first);
        await Browser.ScreenshotAsync(page, "token-inspector");

        // Another k is asked for again; sorting by KL puts the position the preference moved most first.
        var topK = page.Locator("input[data-testid=inspect-topk], [data-testid=inspect-topk] input").First;
        await topK.FillAsync("2");
        await topK.PressAsync("Tab");
        await Expect(dialog.Locator("[data-testid=inspect-token]").First.Locator("[data-testid=inspect-alt]")).ToHaveCountAsync(4);
        await page.TestId("inspect-sort").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "KL" }).ClickAsync();
        var tokens = api["tokens"]!.AsArray();
        var mostMoved = Enumerable.Range(0, tokens.Count).OrderByDescending(i => RunApi.Number(tokens[i]!["kl"])).First();
        await Expect(dialog.Locator("[data-testid=inspect-token]").First).ToHaveAttributeAsync("data-position", mostMoved.ToString());

        var phone = await browser.NewPageAsync(app.BaseAddress, phone: true);
        await Pages.SignInAsync(phone, returnUrl: $"/runs/{id}/results");
        await phone.Locator($"[data-testid=candidate][data-index=\"{best}\"] [data-testid=inspect-open]").ClickAsync();
        await Expect(phone.TestId("inspect-dialog").Locator("[data-testid=inspect-token]")).ToHaveCountAsync(count, new() { Timeout = 60_000 });
        await Browser.ScreenshotAsync(phone, "token-inspector-phone");
    }

    [Fact]
    public async Task A_long_response_renders_only_the_positions_in_view_and_scrolls_to_its_last()
    {
        using var client = await app.SignedInAsync();
        // The random-weight model rarely ends early: answers of about 160 tokens, well above the inspector's 64.
        var body = RunApi.Bon(n: 3, maxTokens: 160);
        body["model"] = "test/random-260K";
        var id = await RunApi.SubmitAsync(client, body);
        var run = await RunApi.WaitForEndAsync(client, id, 120);
        Assert.Equal("succeeded", RunApi.Status(run));
        var longest = run["candidates"]!.AsArray().MaxBy(c => c!["tokenIds"]!.AsArray().Count)!;
        var (index, count) = (longest["index"]!.GetValue<int>(), longest["tokenIds"]!.AsArray().Count);
        Assert.True(count > RearPlayground.Web.Components.Shared.Inspector.InspectorOrder.VirtualizeAbove, $"the longest answer has {count} tokens");

        foreach (var phoneWidth in new[] { false, true })
        {
            var page = await browser.NewPageAsync(app.BaseAddress, phone: phoneWidth);
            await Pages.SignInAsync(page, returnUrl: $"/runs/{id}/results");
            await page.Locator($"[data-testid=candidate][data-index=\"{index}\"] [data-testid=inspect-open]").ClickAsync();
            var list = page.TestId("inspect-list");
            await Expect(list).ToHaveAttributeAsync("data-virtualized", "true", new() { Timeout = 60_000 });
            await Expect(list.Locator("[data-testid=inspect-token]").First).ToHaveAttributeAsync("data-position", "0");
            var rendered = await list.Locator("[data-testid=inspect-token]").CountAsync();
            Assert.InRange(rendered, 1, count / 2);
            await Browser.ScreenshotAsync(page, phoneWidth ? "token-inspector-long-phone" : "token-inspector-long");

            // Scrolled to the end, the last position is there (and the first is not).
            var last = list.Locator($"[data-testid=inspect-token][data-position=\"{count - 1}\"]");
            for (var tries = 0; tries < 40 && await last.CountAsync() == 0; tries++)
            {
                await list.EvaluateAsync("e => e.scrollTop = e.scrollHeight");
                await page.WaitForTimeoutAsync(150);
            }
            await Expect(last).ToBeVisibleAsync();
            await Expect(list.Locator("[data-testid=inspect-token][data-position=\"0\"]")).ToHaveCountAsync(0);
            await Browser.ScreenshotAsync(page, phoneWidth ? "token-inspector-long-end-phone" : "token-inspector-long-end");
        }
    }
}
