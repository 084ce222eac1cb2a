using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Tests.Web;

/// <summary>Runs through the HTTP API end to end: the in-process Hangfire worker runs them on stories260K.</summary>
[Collection("Hangfire")]
public class RunsApiTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    [Theory]
    [InlineData("bon")]
    [InlineData("dvts")]
    public async Task A_run_succeeds_with_its_candidates_tree_and_counts_stored(string method)
    {
        using var client = await app.SignedInAsync();
        var body = method == "bon" ? RunApi.Bon() : RunApi.Dvts();

        var id = await RunApi.SubmitAsync(client, body);
        var run = await RunApi.WaitForEndAsync(client, id);

        Assert.Equal("succeeded", RunApi.Status(run));
        Assert.Equal((method, "stories260K", WebAppFactory.AdminEmail), (run["method"]!.GetValue<string>(), run["model"]!.GetValue<string>(), run["owner"]!.GetValue<string>()));
        Assert.Equal("cpu", run["device"]!.GetValue<string>());
        Assert.Equal(64, run["modelHash"]!.GetValue<string>().Length);
        Assert.Null(run["error"]);
        Assert.Equal(4, run["request"]!["n"]!.GetValue<int>());

        var candidates = run["candidates"]!.AsArray();
        var tree = run["tree"]!.AsArray();
        // Best-of-N: one candidate per sample; DVTS: one per subtree (n / m of them).
        Assert.Equal(method == "bon" ? [0, 1, 2, 3] : [0, 1], candidates.Select(c => c!["index"]!.GetValue<int>()));
        Assert.All(candidates, c => Assert.False(string.IsNullOrEmpty(c!["text"]!.GetValue<string>())));
        Assert.All(candidates, c => Assert.Equal(c!["tokenIds"]!.AsArray().Count, RunApi.Floats(c["logprobsWith"]).Length));
        var nodeIds = tree.Select(n => n!["id"]!.GetValue<int>()).ToHashSet();
        Assert.All(candidates, c => Assert.Contains(c!["nodeId"]!.GetValue<int>(), nodeIds));
        if (method == "bon") Assert.Equal(4, tree.Count);
        else Assert.True(tree.Count > 4, $"a DVTS tree has a node per step ({tree.Count})");
        Assert.InRange(run["best"]!.GetValue<int>(), 0, 3);

        var counts = run["counts"]!;
        Assert.True(counts["generatedTokens"]!.GetValue<int>() > 0);
        Assert.True(counts["forwardCalls"]!.GetValue<int>() > 0);
        Assert.True(run["timings"]!["totalMs"]!.GetValue<double>() > 0);

        var events = await RunApi.EventsAsync(client, id);
        Assert.Equal(run["lastSequence"]!.GetValue<long>(), events.Count);
        Assert.Equal("runStarted", RunApi.Types(events).First());
        Assert.Equal("runFinished", RunApi.Types(events).Last());
    }

    [Fact]
    public async Task Rescoring_is_the_engines_REAR_score_on_the_stored_log_probs()
    {
        using var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, RunApi.Bon());
        var run = await RunApi.WaitForEndAsync(client, id);
        Assert.Equal("succeeded", RunApi.Status(run));
        var candidates = run["candidates"]!.AsArray().ToDictionary(c => c!["index"]!.GetValue<int>());

        foreach (var (query, options) in new[]
                 {
                     ("lambda=1", new RearOptions(Lambda: 1)),
                     ("lambda=0&gamma=0.9&agg=min", new RearOptions(0, 0.9, Aggregation.Min)),
                     ("lambda=20", new RearOptions()),
                 })
        {
            var rescored = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/rescore?{query}"))!;
            var ranked = rescored["candidates"]!.AsArray();
            Assert.Equal(candidates.Count, ranked.Count);
            foreach (var r in ranked)
            {
                var c = candidates[r!["index"]!.GetValue<int>()]!;
                var expected = RearScore.Compute(RunApi.Floats(c["logprobsWithout"]), RunApi.Floats(c["logprobsWith"]), options,
                    c["finishReason"]!.GetValue<string>() == "eos");
                Assert.Equal(expected, RunApi.Number(r["score"]), 9);
                Assert.Equal(RunApi.Number(c["score"]), RunApi.Number(r["storedScore"]));
                // λ = 20 is what the run scored with: the same numbers the search stored.
                if (options.Lambda == 20) Assert.Equal(RunApi.Number(c["score"]), RunApi.Number(r["score"]), 9);
            }
            var scores = ranked.Select(r => RunApi.Number(r!["score"])).ToList();
            Assert.Equal(scores.OrderDescending(), scores);
            Assert.Equal(ranked[0]!["index"]!.GetValue<int>(), rescored["best"]!.GetValue<int>());
            if (options.Lambda == 20) Assert.Equal(run["best"]!.GetValue<int>(), rescored["best"]!.GetValue<int>());
        }

        using var bad = await client.GetAsync($"/api/runs/{id}/rescore?gamma=0");
        Assert.Contains("gamma", await RunApi.ErrorKeysAsync(bad));
        using var missing = await client.GetAsync($"/api/runs/{Guid.NewGuid()}/rescore");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_rerun_gives_the_same_candidates()
    {
        using var client = await app.SignedInAsync();
        var first = await RunApi.SubmitAsync(client, RunApi.Dvts());
        var original = await RunApi.WaitForEndAsync(client, first);

        using var response = await client.PostAsync($"/api/runs/{first}/rerun", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(first, accepted["rerunOf"]!.GetValue<Guid>());
        var second = accepted["id"]!.GetValue<Guid>();
        Assert.NotEqual(first, second);
        var again = await RunApi.WaitForEndAsync(client, second);

        Assert.Equal(("succeeded", "succeeded"), (RunApi.Status(original), RunApi.Status(again)));
        Assert.True(JsonNode.DeepEquals(original["request"], again["request"]));
        Assert.True(JsonNode.DeepEquals(original["candidates"], again["candidates"]), "same request and seed: same candidates");
        Assert.Equal(original["best"]!.GetValue<int>(), again["best"]!.GetValue<int>());
        Assert.Equal(original["tree"]!.AsArray().Count, again["tree"]!.AsArray().Count);
    }

    [Fact]
    public async Task Twenty_runs_submitted_at_once_all_succeed()
    {
        using var client = await app.SignedInAsync();

        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => RunApi.SubmitAsync(client, RunApi.Tiny())));
        var runs = await Task.WhenAll(ids.Select(id => RunApi.WaitForEndAsync(client, id, timeoutSeconds: 120)));

        Assert.Equal(20, ids.Distinct().Count());
        Assert.All(runs, r => Assert.Equal("succeeded", RunApi.Status(r)));
        Assert.All(runs, r => Assert.Equal(2, r["candidates"]!.AsArray().Count));
        var listed = (await client.GetFromJsonAsync<JsonObject>("/api/runs?pageSize=100&status=succeeded"))!;
        var listedIds = listed["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()).ToHashSet();
        Assert.Superset(ids.ToHashSet(), listedIds);
    }
}
