using System.Text.Json.Nodes;
using Bunit;
using RearPlayground.Data.Entities;
using RearPlayground.Tests.Web;
using RearPlayground.Tests.Web.Components;
using RearPlayground.Web.Components.Pages.Runs;
using RearPlayground.Worker.Batches;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Tests.Batches;

/// <summary>A dataset item's system prompt goes into its run's request (stored, validated, shown) and so into the contexts.</summary>
[Collection("Hangfire")]
public sealed class BatchSystemPromptTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    [Fact]
    public async Task Each_item_run_records_its_own_system_prompt_or_the_batchs()
    {
        using var client = await app.SignedInAsync();
        var dataset = await TestDatasets.InsertAsync(app.Services, 2, system: i => i == 0 ? "You write stories for children." : null);
        var request = TestDatasets.Request(greedy: false);
        request["system"] = "The batch's own system prompt.";
        var id = await TestDatasets.StartAsync(client, dataset, request);
        var batch = await TestDatasets.WaitForEndAsync(client, id);
        Assert.Equal("succeeded", batch["status"]!.GetValue<string>());

        var runs = batch["runIds"]!.AsArray().Select(r => r!.GetValue<Guid>()).ToList();
        var first = await RunApi.GetAsync(client, runs[0]);
        var second = await RunApi.GetAsync(client, runs[1]);
        Assert.Equal("You write stories for children.", first["request"]!["system"]!.GetValue<string>());
        Assert.Equal("The batch's own system prompt.", second["request"]!["system"]!.GetValue<string>());
    }

    [Fact]
    public void The_item_request_takes_the_items_system_prompt_and_a_too_long_one_is_refused()
    {
        var request = new RunRequest { Model = "stories260K", Method = "bon", System = "batch" };
        var item = new DatasetItemEntity { Question = "Once upon a time", System = "item" };
        Assert.Equal("item", BatchSettings.ItemRequest(request, item).System);
        Assert.Equal("batch", BatchSettings.ItemRequest(request, new DatasetItemEntity { Question = "q", System = "  " }).System);
        Assert.Equal("item", BatchSettings.ItemRequest(request, "q", null, "item").ToSearchRequest().System);
        // A system column that is the item's preference (Multifaceted-Bench) stays the preference only: ℓ0 must not see it.
        var janus = BatchSettings.ItemRequest(request with { System = null }, new DatasetItemEntity { Question = "q", Preference = "Be terse.", System = "Be terse. " });
        Assert.Equal(("Be terse.", (string?)null), (janus.Preference, janus.System));

        var limits = new RunLimits();
        var errors = (BatchSettings.ItemRequest(request, item) with { System = new string('s', limits.MaxTextLength + 1) }).Validate(limits);
        Assert.Equal(["system"], errors.Keys);
        Assert.Null(new RunRequest { Model = "m", Method = "bon", Question = "q", System = " " }.ToSearchRequest().System);
        // Left out, the stored request has no "system" field (older runs' JSON is unchanged).
        Assert.DoesNotContain("system", new RunRequest { Model = "m" }.ToJson());
    }
}

/// <summary>The results page's request summary shows a run's system prompt, as text.</summary>
public sealed class RunSummarySystemPromptTests : MudTestContext
{
    [Fact]
    public void The_summary_shows_the_system_prompt_only_when_the_run_has_one()
    {
        var run = new RunEntity { Model = "stories260K", Method = "bon", Question = "Once upon a time", Owner = "a@b.c", RequestJson = "{}" };
        var cut = Render<RunSummary>(p => p.Add(s => s.Run, run).Add(s => s.Request, new RunRequest { System = "<b>Be kind.</b>" }));
        Assert.Equal("<b>Be kind.</b>", cut.Find("[data-testid=run-system]").TextContent);
        var without = Render<RunSummary>(p => p.Add(s => s.Run, run).Add(s => s.Request, new RunRequest()));
        Assert.Empty(without.FindAll("[data-testid=run-system]"));
    }
}
