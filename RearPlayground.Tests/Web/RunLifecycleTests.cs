using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RearPlayground.Tests.Support;

namespace RearPlayground.Tests.Web;

/// <summary>Runs that do not succeed: cancelled (running or queued) and failed, each with its record kept.</summary>
[Collection("Hangfire")]
public class RunLifecycleTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    [Fact]
    public async Task Only_the_owner_or_an_admin_cancels_a_run()
    {
        using var admin = await app.SignedInAsync();
        using (var created = await admin.PostAsJsonAsync("/api/users", new { email = "carol@example.org", password = "Carol-pass-1", roles = new[] { "annotator" } }))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var carol = await app.SignedInAsync("carol@example.org", "Carol-pass-1");
        var adminsRun = await RunApi.SubmitAsync(admin, RunApi.Long());
        var carolsRun = await RunApi.SubmitAsync(carol, RunApi.Tiny());

        using (var refused = await carol.PostAsync($"/api/runs/{adminsRun}/cancel", null))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(RunApi.Status(await RunApi.GetAsync(admin, adminsRun)), RunApi.TerminalStatuses);
        using (var own = await carol.PostAsync($"/api/runs/{carolsRun}/cancel", null))
            Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
        using (var byAdmin = await admin.PostAsync($"/api/runs/{adminsRun}/cancel", null))
            Assert.Equal(HttpStatusCode.Accepted, byAdmin.StatusCode);
        Assert.Equal("cancelled", RunApi.Status(await RunApi.WaitForEndAsync(admin, adminsRun)));
        Assert.Equal("cancelled", RunApi.Status(await RunApi.WaitForEndAsync(admin, carolsRun)));
    }

    [Fact]
    public async Task Cancelling_mid_run_ends_it_cancelled_with_its_events_kept()
    {
        using var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, RunApi.Long());
        // One in-process worker: this one waits behind the long run, and is cancelled while queued.
        var queued = await RunApi.SubmitAsync(client, RunApi.Tiny());
        await RunApi.WaitForEventsAsync(client, id, e => RunApi.Types(e).Contains("progress"));

        using (var cancelQueued = await client.PostAsync($"/api/runs/{queued}/cancel", null))
            Assert.Equal(HttpStatusCode.Accepted, cancelQueued.StatusCode);
        using (var response = await client.PostAsync($"/api/runs/{id}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal("cancelling", (await response.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());
        }
        var run = await RunApi.WaitForEndAsync(client, id);

        Assert.Equal("cancelled", RunApi.Status(run));
        Assert.Null(run["error"]);
        Assert.NotNull(run["finishedAt"]);
        var events = await RunApi.EventsAsync(client, id);
        var types = RunApi.Types(events).ToList();
        Assert.Equal("runStarted", types[0]);
        Assert.Equal("runCancelled", types[^1]);
        Assert.DoesNotContain("runFinished", types);
        Assert.Contains("nodeExpanded", types);
        Assert.Equal(EventCollector.LongRange(1, events.Count), events.Select(e => e!["sequence"]!.GetValue<long>()));
        Assert.Equal(events.Count, run["lastSequence"]!.GetValue<long>());
        Assert.NotEmpty(run["tree"]!.AsArray());

        var queuedRun = await RunApi.GetAsync(client, queued);
        Assert.Equal("cancelled", RunApi.Status(queuedRun));
        // Its only event is the terminal one the store appended when it was cancelled.
        Assert.Equal(["runCancelled"], RunApi.Types(await RunApi.EventsAsync(client, queued)));

        // Ended runs cannot be cancelled again; unknown ones are not found.
        foreach (var ended in new[] { id, queued })
        {
            using var again = await client.PostAsync($"/api/runs/{ended}/cancel", null);
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        }
        using var unknown = await client.PostAsync($"/api/runs/{Guid.NewGuid()}/cancel", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // The worker is free again.
        var next = await RunApi.SubmitAsync(client, RunApi.Tiny());
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, next)));
    }

    [Fact]
    public async Task A_model_that_does_not_exist_is_refused_at_submit()
    {
        using var client = await app.SignedInAsync();
        var body = RunApi.Tiny();
        body["model"] = "no-such-model";
        var before = (await client.GetFromJsonAsync<JsonObject>("/api/runs"))!["total"]!.GetValue<int>();

        using var response = await client.PostAsJsonAsync("/api/runs", body);

        Assert.Equal(["model"], await RunApi.ErrorKeysAsync(response));
        Assert.Equal(before, (await client.GetFromJsonAsync<JsonObject>("/api/runs"))!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_model_folder_path_is_refused_at_submit_and_never_loaded()
    {
        var folder = Path.Combine(Path.GetTempPath(), "rear-web-broken-model-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var file in new[] { "config.json", "tokenizer.model" })
                File.Copy(Path.Combine(SharedModels.Stories, file), Path.Combine(folder, file));
            await File.WriteAllTextAsync(Path.Combine(folder, "model.onnx"), "this is not an ONNX model");
            using var client = await app.SignedInAsync();
            var body = RunApi.Tiny();
            body["model"] = folder;

            using var response = await client.PostAsJsonAsync("/api/runs", body);

            Assert.Equal(["model"], await RunApi.ErrorKeysAsync(response));
            Assert.DoesNotContain(folder, await response.Content.ReadAsStringAsync());
            var next = await RunApi.SubmitAsync(client, RunApi.Tiny());
            Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, next)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
