using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Evaluations;
using RearPlayground.Tests.Eval;
using RearPlayground.Tests.Web;
using RearPlayground.Worker.Eval;
using static Microsoft.Playwright.Assertions;

namespace RearPlayground.Tests.E2E;

/// <summary>
/// Issue 17, point 3 in the browser: DVTS with the Playground's defaults grows a tree (not one row of Best-of-N), a run
/// that ended after one step says so on its page, and an evaluation where every method ties names no best method.
/// </summary>
[Collection("Hangfire")]
public sealed class DvtsDefaultsTests(Browser browser, WebAppFactory app) : IClassFixture<Browser>, IClassFixture<WebAppFactory>
{
    private static readonly LocatorAssertionsToHaveTextOptions LongRun = new() { Timeout = 120_000 };

    private async Task<IPage> SignedInAsync(string url, bool phone = false)
    {
        var page = await browser.NewPageAsync(app.BaseAddress, phone);
        await Pages.SignInAsync(page, returnUrl: url);
        return page;
    }

    [Fact]
    public async Task A_default_dvts_run_from_the_playground_is_a_tree_of_several_steps()
    {
        var page = await SignedInAsync("/");
        await Expect(page.Locator("[id$=-helper-text]").Filter(new() { HasText = "layers · vocabulary" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.TestId("example").First.ClickAsync();
        await page.TestId("method").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex("^\\s*DVTS\\s*$") }).ClickAsync();
        await Expect(page.GetByText("empty: chosen per model")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "dvts-defaults-form");

        await page.TestId("run-button").ClickAsync();
        await Expect(page.TestId("run-status")).ToHaveTextAsync("succeeded", LongRun);
        // 16 nodes a step (4 subtrees × 4 children): more than that is a second step.
        Assert.True(await page.TestId("tree-node").CountAsync() > 16, "the tree has more than one row of nodes");
        await Browser.ScreenshotAsync(page, "dvts-defaults-tree");
    }

    [Fact]
    public async Task A_run_that_ended_after_one_step_shows_a_warning_on_its_page()
    {
        using var client = await app.SignedInAsync();
        var body = RunApi.Dvts(n: 4, maxTokens: 8);
        body["stepTokens"] = 8;
        var id = await RunApi.SubmitAsync(client, body);
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, id)));

        foreach (var phone in new[] { false, true })
        {
            var page = await SignedInAsync($"/runs/{id}", phone);
            await Expect(page.TestId("run-warning")).ToContainTextAsync("The tree search ended after a single step");
            await Expect(page.TestId("run-facts")).ToContainTextAsync("8 tokens");
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page scrolls sideways");
            await Browser.ScreenshotAsync(page, phone ? "run-warning-phone" : "run-warning");
        }
    }

    [Fact]
    public async Task An_evaluation_where_every_method_ties_names_no_best_method()
    {
        var store = app.Services.GetRequiredService<IEvaluationStore>();
        var tied = new EvaluationEntity
        {
            Id = Guid.NewGuid(), Owner = WebAppFactory.AdminEmail, Model = "stories260K", DatasetName = "tied.jsonl", DatasetJsonl = "{}",
            SettingsJson = new EvalRequest { Model = "stories260K" }.ToJson(), CreatedAt = DateTimeOffset.UtcNow,
        };
        await store.CreateAsync(tied);
        await store.TryStartAsync(tied.Id, 15);
        Assert.True(await store.TryFinishAsync(tied.Id, RunStatus.Succeeded, EvalReport.Serialize(EvalTieData.Result()), null));

        foreach (var phone in new[] { false, true })
        {
            var page = await SignedInAsync($"/evaluate/{tied.Id}", phone);
            await Expect(page.TestId("eval-best")).ToHaveTextAsync("No single best method: greedy, bon-rear, bon-l1, bon-genrm, dvts-rear tie at 33.3%");
            await Expect(page.TestId("eval-warning")).ToContainTextAsync("ended after a single step");
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page scrolls sideways");
            await Browser.ScreenshotAsync(page, phone ? "evaluation-tie-phone" : "evaluation-tie");
        }
        var list = await SignedInAsync("/evaluate");
        await Expect(list.TestId("evaluation-list")).ToContainTextAsync("tie: greedy, bon-rear, bon-l1, bon-genrm, dvts-rear (33.3%)");
    }
}
