using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RearPlayground.Data;
using RearPlayground.Tests.Web;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// The pages under the Content-Security-Policy: every page renders and runs its circuit with no violation, and so
/// does the Hangfire dashboard; and a
/// script / onerror payload in a model's output (a candidate's stored text) is shown as text: no dialog, no request.
/// </summary>
[Collection("Hangfire")]
public sealed class HardeningTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    private const string Payload = "<script>alert('out')</script><img src=\"/evil-output.png\" onerror=\"alert('img')\">";

    [Fact]
    public async Task Every_page_lives_with_the_content_security_policy()
    {
        var (a, b) = (await RunAsync(), await RunAsync());
        var page = await browser.NewPageAsync(app.BaseAddress);
        await Pages.SignInAsync(page);
        string[] paths =
        [
            "/", "/runs", $"/runs/{a}", $"/runs/{a}/results", $"/runs/{a}/replay", $"/runs/compare?a={a}&b={b}", "/annotate",
            $"/annotate/{a}", "/evaluate", $"/evaluate/{Guid.NewGuid()}", "/export", "/models", "/users", "/account/denied", "/not-found",
        ];

        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            // The layout's account menu is drawn by the circuit: the page's scripts ran and its WebSocket is up.
            await Expect(page.TestId("account-menu")).ToBeVisibleAsync();
            Assert.True(browser.CspViolations.IsEmpty, $"{path}: {string.Join("; ", browser.CspViolations)}");
        }
        // The dashboard (its scripts are files too): the overview with its live chart, a job list, the servers.
        await page.GotoAsync("/hangfire");
        await Expect(page.Locator("#realtimeGraph")).ToBeVisibleAsync();
        foreach (var path in new[] { "/hangfire/jobs/succeeded", "/hangfire/servers" })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator(".navbar").First).ToBeVisibleAsync();
        }
        Assert.Empty(browser.CspViolations);
    }

    [Fact]
    public async Task A_payload_in_model_output_stays_text_on_results_annotate_and_compare()
    {
        var (a, b) = (await RunAsync(), await RunAsync());
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<RearDbContext>>().CreateDbContextAsync())
            await db.Candidates.Where(c => c.RunId == a || c.RunId == b).ExecuteUpdateAsync(s => s.SetProperty(c => c.Text, c => "Once " + Payload));
        var page = await browser.NewPageAsync(app.BaseAddress);
        var dialogs = new List<string>();
        var evil = new List<string>();
        page.Dialog += async (_, dialog) => { dialogs.Add(dialog.Message); await dialog.DismissAsync(); };
        page.Request += (_, request) => { if (request.Url.Contains("evil")) evil.Add(request.Url); };
        await Pages.SignInAsync(page);

        foreach (var path in new[] { $"/runs/{a}/results", $"/runs/{a}", $"/annotate/{a}", $"/runs/compare?a={a}&b={b}" })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByText(new Regex(Regex.Escape(Payload))).First).ToBeVisibleAsync();
            Assert.Equal(0, await page.Locator("img[src*='evil']").CountAsync());
            Assert.Equal(0, await page.Locator("body script:not([src])").CountAsync());
        }
        await Browser.ScreenshotAsync(page, "hardening-output-payload-compare");
        Assert.Empty(dialogs);
        Assert.Empty(evil);
    }

    private async Task<Guid> RunAsync()
    {
        using var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, RunApi.Tiny());
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, id)));
        return id;
    }
}
