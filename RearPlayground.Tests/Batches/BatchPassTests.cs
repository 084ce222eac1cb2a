using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RearPlayground.Tests.Support;
using RearPlayground.Tests.Web;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Search;

namespace RearPlayground.Tests.Batches;

/// <summary>
/// A batch whose items ran as one pass (their candidates sampled in one batched generation): each item is still a normal
/// stored run — its own events in order from runStarted to runFinished, its candidates, its greedy baseline, its picks —
/// and holds exactly what a single run of its stored request gives (token ids; ℓ0, ℓp and scores within float noise).
/// </summary>
[Collection("Hangfire")]
public sealed class BatchPassTests
{
    [Fact]
    public async Task Items_run_in_one_pass_are_stored_runs_equal_to_single_runs()
    {
        await using var app = new WebAppFactory(null, new Dictionary<string, string?> { ["Rear:Batches:ItemsPerPass"] = "4" });
        using var client = await app.SignedInAsync();
        // 6 items: a pass of 4, then one of 2; questions of different lengths.
        var dataset = await TestDatasets.InsertAsync(app.Services, 6, question: i => TestDatasets.Questions[i % 4] + string.Concat(Enumerable.Repeat(" and the dog", i)));
        var id = await TestDatasets.StartAsync(client, dataset, TestDatasets.Request(n: 6, maxTokens: 24, greedy: true));
        var batch = await TestDatasets.WaitForEndAsync(client, id);
        Assert.Equal("succeeded", batch["status"]!.GetValue<string>());
        Assert.Equal(6, batch["done"]!.GetValue<int>());
        var runIds = batch["runIds"]!.AsArray().Select(r => r!.GetValue<Guid>()).ToArray();
        Assert.Equal(6, runIds.Distinct().Count());

        foreach (var runId in runIds)
        {
            var run = await RunApi.GetAsync(client, runId);
            Assert.Equal("succeeded", RunApi.Status(run));
            var request = RunRequest.FromJson(run["request"]!.ToJsonString())!;
            var single = SearchRunner.Run(SharedModels.StoriesCpu, request.ToSearchRequest());
            var candidates = run["candidates"]!.AsArray();
            Assert.Equal(single.Candidates.Count, candidates.Count);
            for (var c = 0; c < candidates.Count; c++)
            {
                var stored = candidates[c]!;
                Assert.Equal(single.Candidates[c].TokenIds, stored["tokenIds"]!.AsArray().Select(t => t!.GetValue<int>()));
                // Float noise of a different batch shape, amplified by λ = 20: the tolerance the engine's batching tests use.
                Assert.True(Math.Abs(single.Candidates[c].Score - RunApi.Number(stored["score"])) < 1e-4, $"run {runId} candidate {c}");
                Assert.Equal(single.Candidates[c].LogProbsWithout.Length, RunApi.Floats(stored["logprobsWithout"]).Length);
            }
            Assert.Equal(single.Best, run["best"]!.GetValue<int>());
            Assert.Equal(single.Greedy!.TokenIds, run["greedy"]!["tokenIds"]!.AsArray().Select(t => t!.GetValue<int>()));

            // Its own events, gapless and in order, as replay reads them.
            var events = await RunApi.EventsAsync(client, runId);
            var types = events.Select(e => e!["type"]!.GetValue<string>()).ToList();
            Assert.Equal("runStarted", types[0]);
            Assert.Equal("runFinished", types[^1]);
            Assert.Equal(6, types.Count(t => t == "candidateFinished"));
            Assert.Equal(1, types.Count(t => t == "baselineFinished"));
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e!["sequence"]!.GetValue<long>()));
        }
        // History lists them as runs.
        var history = (await client.GetFromJsonAsync<JsonObject>("/api/runs?pageSize=50"))!;
        Assert.True(runIds.All(r => history.ToJsonString().Contains(r.ToString())), "batch runs missing from the history");
    }

    [Fact]
    public async Task Cancelling_one_run_of_a_pass_ends_that_run_only()
    {
        await using var app = new WebAppFactory(null, new Dictionary<string, string?> { ["Rear:Batches:ItemsPerPass"] = "3" });
        using var client = await app.SignedInAsync();
        var dataset = await TestDatasets.InsertAsync(app.Services, 3);
        var id = await TestDatasets.StartAsync(client, dataset, TestDatasets.Request(n: 16, maxTokens: 200, greedy: false));
        // Cancel the second run once the pass is sampling (its runStarted stored).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        Guid[] runIds;
        while ((runIds = (await TestDatasets.GetAsync(client, id))["runIds"]!.AsArray().Select(r => r!.GetValue<Guid>()).ToArray()).Length < 3
               || (await RunApi.EventsAsync(client, runIds[1])).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the pass did not start");
            await Task.Delay(20);
        }
        using (var cancel = await client.PostAsync($"/api/runs/{runIds[1]}/cancel", null))
            Assert.Equal(System.Net.HttpStatusCode.Accepted, cancel.StatusCode);
        var batch = await TestDatasets.WaitForEndAsync(client, id);
        Assert.Equal("succeeded", batch["status"]!.GetValue<string>());
        Assert.Equal(["succeeded", "cancelled", "succeeded"], await Task.WhenAll(runIds.Select(async r => RunApi.Status(await RunApi.GetAsync(client, r)))));
        var cancelled = RunApi.Types(await RunApi.EventsAsync(client, runIds[1])).ToList();
        Assert.Equal("runCancelled", cancelled[^1]);
        Assert.DoesNotContain("runFinished", cancelled);
        Assert.DoesNotContain("candidateFinished", cancelled);
        Assert.Equal("runFinished", RunApi.Types(await RunApi.EventsAsync(client, runIds[0])).Last());
    }
}
