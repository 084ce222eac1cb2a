using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Tests.Web;
using RearPlayground.Worker.Jobs;

namespace RearPlayground.Tests.Batches;

/// <summary>
/// POST/GET /api/batches: every item becomes a normal stored run linked to the batch (readable through /api/runs), the
/// report has each selector's accuracy with its interval and accuracy against N; 400s name their field; cancel stops it.
/// </summary>
[Collection("Hangfire")]
public sealed class BatchApiTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    [Fact]
    public async Task A_batch_runs_each_item_as_a_stored_run_and_reports_accuracy_and_the_curve()
    {
        using var client = await app.SignedInAsync();
        var dataset = await TestDatasets.InsertAsync(app.Services, 5);
        var id = await TestDatasets.StartAsync(client, dataset, TestDatasets.Request(), count: 3);

        var batch = await TestDatasets.WaitForEndAsync(client, id);
        Assert.Equal("succeeded", batch["status"]!.GetValue<string>());
        Assert.Equal(3, batch["items"]!.GetValue<int>());
        Assert.Equal(3, batch["done"]!.GetValue<int>());
        Assert.Equal(0, batch["failed"]!.GetValue<int>());
        var runIds = batch["runIds"]!.AsArray().Select(r => r!.GetValue<Guid>()).ToList();
        Assert.Equal(3, runIds.Distinct().Count());
        Assert.Equal(runIds.Order(), (await TestDatasets.LinkedRunsAsync(app.Services, id)).Select(r => r.Id).Order());
        // Each item is a normal run: its own question, the batch's fields, its pool and greedy baseline.
        for (var i = 0; i < runIds.Count; i++)
        {
            var run = await RunApi.GetAsync(client, runIds[i]);
            Assert.Equal("succeeded", RunApi.Status(run));
            Assert.Equal(TestDatasets.Questions[i], run["question"]!.GetValue<string>());
            Assert.Equal(4, run["candidates"]!.AsArray().Count);
            Assert.NotNull(run["greedy"]);
            Assert.Equal(id, run["batchId"]!.GetValue<Guid>());
        }

        var report = batch["report"]!;
        var selectors = report["selectors"]!.AsArray().ToDictionary(s => s!["name"]!.GetValue<string>());
        foreach (var name in new[] { "rear", "likelihood", "preference", "random", "greedy", "majority", "weighted" })
        {
            Assert.True(selectors.ContainsKey(name), $"no {name} row in {report["selectors"]!.ToJsonString()}");
            var s = selectors[name]!;
            Assert.Equal(3, s["items"]!.GetValue<int>());
            Assert.InRange(s["accuracy"]!.GetValue<double>(), s["low"]!.GetValue<double>(), s["high"]!.GetValue<double>());
        }
        var rear = report["curve"]!.AsArray().Single(c => c!["selector"]!.GetValue<string>() == "rear")!;
        Assert.Equal([1, 2, 4], rear["points"]!.AsArray().Select(p => p!["n"]!.GetValue<int>()));
        // At n = N the curve is the selector's own accuracy over the items.
        Assert.Equal(selectors["rear"]!["accuracy"]!.GetValue<double>(), rear["points"]![2]!["accuracy"]!.GetValue<double>(), 9);

        var csv = await client.GetStringAsync($"/api/batches/{id}/report.csv");
        Assert.StartsWith("kind,selector,n,accuracy,low,high,items\n", csv);
        Assert.Contains("\naccuracy,rear,,", csv);
        Assert.Contains("\ncurve,majority,4,", csv);
        var json = await client.GetFromJsonAsync<JsonObject>($"/api/batches/{id}/report?recompute=true");
        Assert.Equal(report["selectors"]!.ToJsonString(), json!["selectors"]!.ToJsonString());
        var list = await client.GetFromJsonAsync<JsonArray>("/api/batches");
        Assert.Contains(list!, b => b!["id"]!.GetValue<Guid>() == id);
    }

    [Fact]
    public async Task Bad_batches_are_refused_naming_the_field()
    {
        using var client = await app.SignedInAsync();
        var dataset = await TestDatasets.InsertAsync(app.Services, 2);
        async Task<string[]> Keys(JsonObject body)
        {
            using var response = await client.PostAsJsonAsync("/api/batches", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return await RunApi.ErrorKeysAsync(response);
        }
        JsonObject Body(Action<JsonObject>? change = null)
        {
            var body = new JsonObject { ["datasetId"] = dataset, ["request"] = TestDatasets.Request() };
            change?.Invoke(body);
            return body;
        }
        Assert.Equal(["datasetId"], await Keys(Body(b => b["datasetId"] = 999_999)));
        Assert.Equal(["range"], await Keys(Body(b => b["range"] = new JsonObject { ["from"] = 2, ["count"] = 3 })));
        Assert.Equal(["range.count"], await Keys(Body(b => b["range"] = new JsonObject { ["from"] = 0, ["count"] = 0 })));
        Assert.Equal(["request.lambda"], await Keys(Body(b => b["request"]!["lambda"] = 2e6)));
        Assert.Equal(["request.model"], await Keys(Body(b => b["request"]!["model"] = "no-such-model")));
        Assert.Equal(["request"], await Keys(Body(b => b.Remove("request"))));
        Assert.Equal(["selectors"], await Keys(Body(b => b["selectors"] = new JsonArray("rear", "oracle"))));
        Assert.Equal(["answer"], await Keys(Body(b => b["answer"] = new JsonObject { ["extractor"] = "regex", ["pattern"] = "(a)(b)" })));
        Assert.Equal(["answer"], await Keys(Body(b => b["answer"] = new JsonObject { ["extractor"] = "roman" })));
    }

    [Fact]
    public async Task Cancel_stops_the_running_item_and_marks_the_rest_cancelled()
    {
        using var client = await app.SignedInAsync();
        // Items run a pass at a time (their candidates sampled together): the cancel stops the pass going and no later one starts.
        var perPass = app.Services.GetRequiredService<BatchPassOptions>().ItemsPerPass;
        var count = perPass + 5;
        var dataset = await TestDatasets.InsertAsync(app.Services, count);
        var id = await TestDatasets.StartAsync(client, dataset, TestDatasets.Request(n: 16, maxTokens: 200));
        // Wait for the first item's run to be going.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await TestDatasets.GetAsync(client, id))["runIds"]!.AsArray().Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no item started");
            await Task.Delay(50);
        }
        using var cancel = await client.PostAsync($"/api/batches/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var batch = await TestDatasets.WaitForEndAsync(client, id);
        Assert.Equal("cancelled", batch["status"]!.GetValue<string>());
        var items = batch["itemList"]!.AsArray();
        // The pass going was stopped (its runs Cancelled, well before 200 tokens), the rest never started. An item of the
        // pass whose 16 candidates had all ended (EOS) before the cancel took hold is a whole run and stays succeeded (seen in CI).
        var kept = items.Where(i => i!["status"]!.GetValue<string>() != "cancelled").ToList();
        Assert.True(batch["cancelled"]!.GetValue<int>() + kept.Count == count && batch["cancelled"]!.GetValue<int>() > count - perPass, batch.ToJsonString());
        foreach (var item in kept)
        {
            Assert.Equal("succeeded", item!["status"]!.GetValue<string>());
            Assert.Equal("succeeded", RunApi.Status(await RunApi.GetAsync(client, item["runId"]!.GetValue<Guid>())));
        }
        Assert.True(items.Count(i => i!["runId"] is not null) <= perPass, "items after the cancelled pass ran despite the cancel");
        using var again = await client.PostAsync($"/api/batches/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using var missing = await client.PostAsync($"/api/batches/{Guid.NewGuid()}/cancel", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task An_item_that_fails_is_recorded_on_it_and_the_batch_goes_on()
    {
        using var client = await app.SignedInAsync();
        // Item 1's question is over the run limits' text length: its run fails when the job reads it.
        var dataset = await TestDatasets.InsertAsync(app.Services, 3, question: i => i == 1 ? new string('a', 5000) : TestDatasets.Questions[i]);
        var id = await TestDatasets.StartAsync(client, dataset, TestDatasets.Request());
        var batch = await TestDatasets.WaitForEndAsync(client, id);
        Assert.Equal("succeeded", batch["status"]!.GetValue<string>());
        Assert.Equal(3, batch["done"]!.GetValue<int>());
        Assert.Equal(1, batch["failed"]!.GetValue<int>());
        var items = batch["itemList"]!.AsArray();
        Assert.Equal(["succeeded", "failed", "succeeded"], items.Select(i => i!["status"]!.GetValue<string>()));
        Assert.Contains("4000", items[1]!["error"]!.GetValue<string>());
        Assert.Equal(2, batch["report"]!["selectors"]![0]!["items"]!.GetValue<int>());
    }
}
