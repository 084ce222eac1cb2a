using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RearPlayground.Tests.Support.Hub;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Hub;

/// <summary>
/// Through the HTTP API: an admin pulls a model from the (fake) hub and follows the progress, the catalogue lists it with
/// its variants, and Best-of-N and DVTS run on a downloaded quantized variant, on an onnxruntime-genai-style export and
/// on a repository that was already in the Hugging Face cache; runs record the variant and its file's hash.
/// </summary>
[Collection("Hangfire")]
public class ModelsApiTests(HubAppFixture hub) : IClassFixture<HubAppFixture>
{
    internal static JsonObject Run(string model, string method, string? variant = null)
    {
        var body = new JsonObject
        {
            ["model"] = model, ["method"] = method, ["question"] = " once upon", ["preference"] = " the cat", ["separator"] = "\n\n",
            ["n"] = 4, ["m"] = 2, ["maxTokens"] = 16, ["seed"] = 3,
        };
        if (method == "dvts") body["stepTokens"] = 4;
        if (variant is not null) body["variant"] = variant;
        return body;
    }

    internal static async Task<JsonObject> PullAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/api/models/pull", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var url = response.Headers.Location!.ToString();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var pull = (await client.GetFromJsonAsync<JsonObject>(url, timeout.Token))!;
            Assert.Equal(started["id"]!.GetValue<Guid>(), pull["id"]!.GetValue<Guid>());
            var state = pull["state"]!.GetValue<string>();
            if (state is "done" or "failed" or "cancelled") return pull;
            await Task.Delay(50, timeout.Token);
        }
    }

    private static async Task<JsonObject> RunAsync(HttpClient client, JsonObject body)
    {
        var run = await RunApi.WaitForEndAsync(client, await RunApi.SubmitAsync(client, body));
        Assert.True(RunApi.Status(run) == "succeeded", run["error"]?.ToString());
        return run;
    }

    private static async Task<JsonObject> ModelFactsAsync(HttpClient client, Guid id)
    {
        var started = (await RunApi.EventsAsync(client, id)).First(e => e!["type"]!.GetValue<string>() == "runStarted")!;
        return started["payload"]!["model"]!.AsObject();
    }

    [Fact]
    public async Task A_pulled_quantized_variant_runs_best_of_n_and_dvts_and_the_runs_record_it()
    {
        using var client = await hub.App.SignedInAsync();
        var pull = await PullAsync(client, new { repo = HubAppFixture.Repo, variant = "q4" });
        Assert.Equal(("done", "q4", HubAppFixture.Repo), (pull["state"]!.GetValue<string>(), pull["variant"]!.GetValue<string>(), pull["model"]!.GetValue<string>()));
        Assert.Equal(pull["bytesTotal"]!.GetValue<long>(), pull["bytesDone"]!.GetValue<long>());

        var models = (await client.GetFromJsonAsync<JsonArray>("/api/models"))!;
        var listed = models.Single(m => m!["name"]!.GetValue<string>() == HubAppFixture.Repo)!;
        var variant = listed["variants"]!.AsArray().Single()!;
        Assert.Equal(("q4", "onnx/model_q4.onnx", "float32"), (variant["name"]!.GetValue<string>(), variant["file"]!.GetValue<string>(), variant["kvType"]!.GetValue<string>()));
        Assert.Contains("MatMulNBits", variant["quantizedOps"]!.AsArray().Select(o => o!.GetValue<string>()));

        var bytes = await File.ReadAllBytesAsync(Path.Combine(hub.App.HubCacheFolder, "models--onnx-community--tiny-stories-ONNX", "snapshots",
            pull["commit"]!.GetValue<string>(), "onnx", "model_q4.onnx"));
        foreach (var method in new[] { "bon", "dvts" })
        {
            var run = await RunAsync(client, Run(HubAppFixture.Repo, method, "q4"));
            Assert.Equal("q4", run["request"]!["variant"]!.GetValue<string>());
            Assert.Equal(FakeHub.Sha256(bytes), run["modelHash"]!.GetValue<string>());
            var facts = await ModelFactsAsync(client, run["id"]!.GetValue<Guid>());
            Assert.Equal(("q4", "onnx/model_q4.onnx"), (facts["variant"]!.GetValue<string>(), facts["onnxFile"]!.GetValue<string>()));
            Assert.NotEmpty(run["candidates"]!.AsArray());
        }
    }

    [Fact]
    public async Task An_onnxruntime_genai_style_export_runs_best_of_n_and_dvts_through_the_other_route()
    {
        using var client = await hub.App.SignedInAsync();
        var pull = await PullAsync(client, new { repo = HubAppFixture.GenAiRepo });
        Assert.Equal("done", pull["state"]!.GetValue<string>());
        foreach (var method in new[] { "bon", "dvts" })
        {
            var run = await RunAsync(client, Run(HubAppFixture.GenAiRepo, method));
            var facts = await ModelFactsAsync(client, run["id"]!.GetValue<Guid>());
            Assert.False(facts["canExtendCache"]!.GetValue<bool>());
        }
    }

    [Fact]
    public async Task A_repository_already_in_the_hugging_face_cache_is_listed_and_runs()
    {
        using var client = await hub.App.SignedInAsync();
        var models = (await client.GetFromJsonAsync<JsonArray>("/api/models"))!;
        Assert.Contains(models, m => m!["name"]!.GetValue<string>() == HubAppFixture.CachedRepo && m["facts"] is not null);
        foreach (var method in new[] { "bon", "dvts" })
            await RunAsync(client, Run(HubAppFixture.CachedRepo, method));
    }

    [Fact]
    public async Task An_unknown_variant_a_bad_repository_id_and_a_non_admin_are_refused()
    {
        using var admin = await hub.App.SignedInAsync();
        using (var response = await admin.PostAsJsonAsync("/api/runs", Run(HubAppFixture.CachedRepo, "bon", "q8")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!;
            Assert.Equal($"unknown variant 'q8' for {HubAppFixture.CachedRepo}: use fp32", errors["variant"]![0]!.GetValue<string>());
        }
        using (var response = await admin.PostAsJsonAsync("/api/models/pull", new { repo = "not a repo" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("is not a repository id", (await response.Content.ReadAsStringAsync()));
        }
        using (var response = await admin.PostAsJsonAsync("/api/users", new { email = "ann@example.org", password = "Annotator-pass-1", roles = new[] { "annotator" } }))
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        using var annotator = await hub.App.SignedInAsync("ann@example.org", "Annotator-pass-1");
        using (var response = await annotator.PostAsJsonAsync("/api/models/pull", new { repo = HubAppFixture.Repo }))
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await annotator.GetAsync("/api/models")).StatusCode);
    }

    [Fact]
    public async Task A_cancelled_pull_stops_and_lists_nothing()
    {
        using var client = await hub.App.SignedInAsync();
        var held = $"{HubAppFixture.Repo}/onnx/model_fp16.onnx";
        hub.Hub.Hold[held] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var response = await client.PostAsJsonAsync("/api/models/pull", new { repo = HubAppFixture.Repo, variant = "fp16" });
        var url = response.Headers.Location!.ToString();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // Wait until it is fetching the held ONNX file, then cancel.
        while ((await client.GetFromJsonAsync<JsonObject>(url, timeout.Token))!["currentFile"]?.GetValue<string>() != "onnx/model_fp16.onnx")
            await Task.Delay(20, timeout.Token);
        using (var cancel = await client.PostAsync(url + "/cancel", null)) Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        JsonObject pull;
        while ((pull = (await client.GetFromJsonAsync<JsonObject>(url, timeout.Token))!)["state"]!.GetValue<string>() != "cancelled")
            await Task.Delay(20, timeout.Token);
        using (var again = await client.PostAsync(url + "/cancel", null)) Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        hub.Hub.Hold.TryRemove(held, out var gate);
        gate!.TrySetResult();
        var models = (await client.GetFromJsonAsync<JsonArray>("/api/models"))!;
        Assert.DoesNotContain(models.Where(m => m!["name"]!.GetValue<string>() == HubAppFixture.Repo).SelectMany(m => m!["variants"]!.AsArray()),
            v => v!["name"]!.GetValue<string>() == "fp16");
    }

    [Fact]
    public async Task A_failed_pull_says_why_and_lists_nothing()
    {
        using var client = await hub.App.SignedInAsync();
        var pull = await PullAsync(client, new { repo = "onnx-community/missing-model" });
        Assert.Equal("failed", pull["state"]!.GetValue<string>());
        Assert.Contains("repository onnx-community/missing-model not found", pull["error"]!.GetValue<string>());
        var models = (await client.GetFromJsonAsync<JsonArray>("/api/models"))!;
        Assert.DoesNotContain(models, m => m!["name"]!.GetValue<string>() == "onnx-community/missing-model");
    }
}
