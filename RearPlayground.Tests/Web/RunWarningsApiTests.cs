using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Runs;

namespace RearPlayground.Tests.Web;

/// <summary>
/// DVTS through the HTTP API: a request that leaves the step rule out gets the model's (stored in the run's request,
/// so history and re-runs show what ran), and a run that ended after one step carries a warning, stored and in its JSON.
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
        var warning = Assert.Single(run["warnings"]!.AsArray())!.GetValue<string>();
        Assert.Contains("ended after a single step", warning);
        var stored = await app.Services.GetRequiredService<IRunStore>().FindAsync(id);
        Assert.Equal([warning], JsonSerializer.Deserialize<string[]>(stored!.WarningsJson!)!);
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
