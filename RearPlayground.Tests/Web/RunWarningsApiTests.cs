using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;

namespace RearPlayground.Tests.Web;

/// <summary>
/// Warnings through the HTTP API, as <c>warnings: [{code, message}]</c>: DVTS that ended after one step; a top-k 1 run
/// whose candidates are one text with one score, and its runFinished event; a row stored before codes (plain strings) reads
/// as code "note". Also: a request that leaves DVTS's step rule out gets the model's (stored in the run's request, so
/// history and re-runs show what ran) and no warning.
/// </summary>
[Collection("Hangfire")]
public sealed class RunWarningsApiTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    private static JsonObject DefaultDvts(int maxTokens)
    {
        var body = RunApi.Dvts(n: 4, maxTokens: maxTokens);
        body.Remove("stepTokens");
        return body;
    }

    private static string[] Codes(JsonNode? warnings) => [.. warnings!.AsArray().Select(w => w!["code"]!.GetValue<string>())];

    [Fact]
    public async Task A_run_that_ends_after_one_step_says_so_in_the_store_and_the_api()
    {
        using var client = await app.SignedInAsync();
        var body = RunApi.Dvts(n: 4, maxTokens: 8);
        body["stepTokens"] = 8;
        var id = await RunApi.SubmitAsync(client, body);
        var run = await RunApi.WaitForEndAsync(client, id);

        Assert.Equal("succeeded", RunApi.Status(run));
        Assert.All(run["tree"]!.AsArray(), n => Assert.Equal(1, n!["depth"]!.GetValue<int>()));
        var warning = Assert.Single(run["warnings"]!.AsArray())!.AsObject();
        Assert.Equal(["code", "message"], warning.Select(p => p.Key));
        Assert.Equal("single-step", warning["code"]!.GetValue<string>());
        Assert.Contains("ended after a single step", warning["message"]!.GetValue<string>());
        var stored = await app.Services.GetRequiredService<IRunStore>().FindAsync(id);
        Assert.True(JsonNode.DeepEquals(run["warnings"], JsonNode.Parse(stored!.WarningsJson!)));
    }

    [Fact]
    public async Task A_top_k_1_run_warns_of_identical_candidates_and_tied_scores_and_keeps_its_result()
    {
        using var client = await app.SignedInAsync();
        var body = RunApi.Bon(n: 4, maxTokens: 16);
        body["topK"] = 1;
        var id = await RunApi.SubmitAsync(client, body);
        var run = await RunApi.WaitForEndAsync(client, id);

        Assert.Equal("succeeded", RunApi.Status(run));
        Assert.Equal(["identical-candidates", "scores-tied"], Codes(run["warnings"]));
        // Never hidden: the candidates and the pick are all there.
        Assert.Equal(4, run["candidates"]!.AsArray().Count);
        Assert.Equal(0, run["best"]!.GetValue<int>());
        var finished = (await RunApi.EventsAsync(client, id)).Last()!;
        Assert.Equal("runFinished", finished["type"]!.GetValue<string>());
        Assert.Equal(["identical-candidates", "scores-tied"], Codes(finished["payload"]!["warnings"]));
    }

    [Fact]
    public async Task A_row_stored_with_plain_string_warnings_reads_as_notes()
    {
        using var client = await app.SignedInAsync();
        var run = new RunEntity
        {
            Id = Guid.NewGuid(), Owner = "admin", Model = "stories260K", Method = "dvts", Question = "Once upon a time", RequestJson = "{}",
            Status = RunStatus.Succeeded, WarningsJson = """["The tree search ended after a single step."]""",
        };
        await app.Services.GetRequiredService<IRunStore>().CreateAsync(run);

        var json = await RunApi.GetAsync(client, run.Id);
        var warning = Assert.Single(json["warnings"]!.AsArray())!;
        Assert.Equal("note", warning["code"]!.GetValue<string>());
        Assert.Equal("The tree search ended after a single step.", warning["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_default_run_stores_the_step_rule_it_ran_with_and_has_no_warning()
    {
        using var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, DefaultDvts(maxTokens: 32));
        var run = await RunApi.WaitForEndAsync(client, id);

        Assert.Equal("succeeded", RunApi.Status(run));
        // stories260K is a plain language model: steps of 32 / 4 = 8 tokens, the stop string as it would be with them.
        Assert.Equal(8, run["request"]!["stepTokens"]!.GetValue<int>());
        Assert.Equal("\n\n", run["request"]!["stop"]!.GetValue<string>());
        Assert.Contains(run["tree"]!.AsArray(), n => n!["depth"]!.GetValue<int>() >= 2);
        Assert.Empty(run["warnings"]!.AsArray());
        Assert.Null((await app.Services.GetRequiredService<IRunStore>().FindAsync(id))!.WarningsJson);
    }
}
