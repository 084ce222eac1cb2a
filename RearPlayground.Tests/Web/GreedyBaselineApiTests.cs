using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Tests.Web;

/// <summary>
/// includeGreedy end to end on stories260K: one greedy decode stored beside the N, never among them: not in the run's
/// candidates, its rescore, the annotation queue, the exports, nor its best; its text is a greedy run's.
/// </summary>
[Collection("Hangfire")]
public class GreedyBaselineApiTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    [Fact]
    public async Task A_bon_run_with_the_greedy_baseline_stores_N_plus_one_rows_and_a_pool_of_N()
    {
        using var client = await app.SignedInAsync();
        var body = RunApi.Bon();
        body["includeGreedy"] = true;
        var id = await RunApi.SubmitAsync(client, body);
        var run = await RunApi.WaitForEndAsync(client, id);
        Assert.Equal("succeeded", RunApi.Status(run));
        Assert.True(run["request"]!["includeGreedy"]!.GetValue<bool>());

        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<RearDbContext>>().CreateDbContextAsync())
        {
            var rows = await db.Candidates.Where(c => c.RunId == id).OrderBy(c => c.Index).ToListAsync();
            Assert.Equal(5, rows.Count);
            Assert.Equal(new string?[] { null, null, null, null, "greedy" }, rows.Select(r => r.Baseline));
        }
        Assert.Equal([0, 1, 2, 3], run["candidates"]!.AsArray().Select(c => c!["index"]!.GetValue<int>()));
        Assert.Equal(4, run["tree"]!.AsArray().Count);
        Assert.InRange(run["best"]!.GetValue<int>(), 0, 3);
        var greedy = run["greedy"]!;
        Assert.Equal(4, greedy["index"]!.GetValue<int>());
        // Scored like the others: its stored score is S_REAR at the run's λ on its own ℓ0 / ℓp, one per token.
        var (without, with) = (RunApi.Floats(greedy["logprobsWithout"]), RunApi.Floats(greedy["logprobsWith"]));
        Assert.Equal(greedy["tokenIds"]!.AsArray().Count, without.Length);
        Assert.Equal(without.Length, with.Length);
        Assert.Equal(RearScore.Compute(without, with, new RearOptions(), greedy["finishReason"]!.GetValue<string>() == "eos"),
            RunApi.Number(greedy["score"]), 9);

        // The same prompt decoded by a greedy run: the same tokens.
        var plain = RunApi.Bon();
        plain["method"] = "greedy";
        var greedyRun = await RunApi.WaitForEndAsync(client, await RunApi.SubmitAsync(client, plain));
        var only = greedyRun["candidates"]!.AsArray().Single()!;
        Assert.Equal(only["text"]!.GetValue<string>(), greedy["text"]!.GetValue<string>());
        Assert.Equal(only["tokenIds"]!.ToJsonString(), greedy["tokenIds"]!.ToJsonString());
        Assert.Null(greedyRun["greedy"]);

        // Outside the pool everywhere a pool is read.
        var rescored = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/rescore?lambda=0"))!;
        Assert.Equal(4, rescored["candidates"]!.AsArray().Count);
        var picks = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/picks"))!;
        Assert.Equal(4, picks["picks"]!["greedy"]!.GetValue<int>());
        Assert.Equal(4, picks["candidates"]!.GetValue<int>());
        var queue = (await client.GetFromJsonAsync<JsonObject>("/api/annotate/queue?order=newest&pageSize=200"))!;
        Assert.Equal(4, queue["items"]!.AsArray().First(i => i!["id"]!.GetValue<Guid>() == id)!["candidates"]!.GetValue<int>());
        using var onGreedy = await client.PostAsJsonAsync($"/api/runs/{id}/annotations", new { kind = "best", candidateIndex = 4 });
        Assert.Equal(HttpStatusCode.BadRequest, onGreedy.StatusCode);
        using var judged = await client.PostAsJsonAsync($"/api/runs/{id}/annotations", new { kind = "best", candidateIndex = 1 });
        Assert.Equal(HttpStatusCode.Created, judged.StatusCode);
        var exported = (await client.GetFromJsonAsync<JsonArray>("/api/export/runs.json"))!.Single(r => r!["id"]!.GetValue<Guid>() == id)!;
        Assert.Equal(4, exported["candidates"]!.AsArray().Count);

        // The stored events carry it once, just before the end, as the live view saw it.
        var events = await RunApi.EventsAsync(client, id);
        var types = RunApi.Types(events).ToList();
        Assert.Equal(["baselineFinished", "runFinished"], types.TakeLast(2));
        Assert.Single(types, t => t == "baselineFinished");
        Assert.Equal(greedy["text"]!.GetValue<string>(), events[types.IndexOf("baselineFinished")]!["payload"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_dvts_run_stores_its_greedy_baseline_after_its_subtrees()
    {
        using var client = await app.SignedInAsync();
        var body = RunApi.Dvts();
        body["includeGreedy"] = true;
        var run = await RunApi.WaitForEndAsync(client, await RunApi.SubmitAsync(client, body));
        Assert.Equal("succeeded", RunApi.Status(run));
        Assert.Equal([0, 1], run["candidates"]!.AsArray().Select(c => c!["index"]!.GetValue<int>()));
        Assert.Equal(2, run["greedy"]!["index"]!.GetValue<int>());
        Assert.DoesNotContain(-1, run["tree"]!.AsArray().Select(n => n!["id"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_greedy_run_refuses_the_greedy_baseline_naming_the_field()
    {
        using var client = await app.SignedInAsync();
        var body = RunApi.Bon();
        body["method"] = "greedy";
        body["includeGreedy"] = true;
        Assert.Equal(["includeGreedy"], await RunApi.ErrorKeysAsync(await client.PostAsJsonAsync("/api/runs", body)));
    }
}
