using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Tests.Web;

/// <summary>
/// Watchers see every run end: a run cancelled while queued ends with runCancelled, published at once; a run a dead
/// process left running ends with runInterrupted, appended at the next start after its last stored event.
/// </summary>
[Collection("Hangfire")]
public class TerminalEventTests
{
    [Fact]
    public async Task A_watcher_of_a_queued_run_sees_it_cancelled()
    {
        // No job server: the run stays queued until it is cancelled.
        await using var app = new WebAppFactory(null, new Dictionary<string, string?> { ["Rear:Workers"] = "0" });
        using var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, RunApi.Tiny());
        await using var hub = await app.HubAsync();
        using var collector = await EventCollector.JoinAsync(hub, id);

        using (var cancel = await client.PostAsync($"/api/runs/{id}/cancel", null))
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var received = await collector.WaitForEndAsync(timeoutSeconds: 30);

        Assert.Equal("cancelled", RunApi.Status(await RunApi.GetAsync(client, id)));
        Assert.Equal(["runCancelled"], received.Select(e => e.Type));
        EventCollector.AssertSameAsStored(received, await RunApi.EventsAsync(client, id));
    }

    [Fact]
    public async Task A_run_left_running_gets_runInterrupted_after_its_events_at_restart()
    {
        var folder = WebAppFactory.NewFolder();
        var settings = new Dictionary<string, string?> { ["Rear:Workers"] = "0" };
        try
        {
            Guid id;
            await using (var first = new WebAppFactory(folder, settings))
            {
                var store = first.Services.GetRequiredService<IRunStore>();
                var run = new RunEntity
                {
                    Id = Guid.NewGuid(), Owner = WebAppFactory.AdminEmail, Model = "stories260K", Method = "bon",
                    Question = "Once upon a time", RequestJson = RunApi.Tiny().ToJsonString(JsonSerializerOptions.Web),
                    Status = RunStatus.Running, CreatedAt = DateTimeOffset.UtcNow, StartedAt = DateTimeOffset.UtcNow,
                };
                await store.CreateAsync(run);
                await store.AppendBatchAsync(run.Id, [Progress(1), Progress(2)]);
                id = run.Id;
            }

            await using var second = new WebAppFactory(folder, settings);
            using var client = await second.SignedInAsync();
            await using var hub = await second.HubAsync();
            using var collector = await EventCollector.JoinAsync(hub, id);
            var received = await collector.WaitForEndAsync(timeoutSeconds: 30);

            Assert.Equal("interrupted", RunApi.Status(await RunApi.GetAsync(client, id)));
            Assert.Equal(["progress", "progress", "runInterrupted"], received.Select(e => e.Type));
            Assert.Equal(3, received[^1].Sequence);
            Assert.Equal(RunStore.InterruptedError, Assert.IsType<RunInterrupted>(EventJson.Deserialize(received[^1].Payload)).Message);
            EventCollector.AssertSameAsStored(received, await RunApi.EventsAsync(client, id));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }

    private static EventWrite Progress(int step) =>
        new("progress", EventJson.Serialize(new ProgressReported(step, 2, step, 1)));
}
