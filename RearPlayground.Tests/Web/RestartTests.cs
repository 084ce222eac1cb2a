using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;

namespace RearPlayground.Tests.Web;

/// <summary>
/// A second app on the same data folder, as after a crash or redeploy: runs the dead process left Running end
/// Interrupted (and Queued too when the job queue was in memory), and sign-ins survive (the key ring is on disk).
/// </summary>
[Collection("Hangfire")]
public class RestartTests
{
    [Theory]
    [InlineData("InMemory", "interrupted")]
    [InlineData("SQLite", "queued")]
    public async Task Runs_left_running_are_interrupted_at_the_next_start(string jobStorage, string queuedAfterRestart)
    {
        var folder = WebAppFactory.NewFolder();
        var settings = new Dictionary<string, string?>
        {
            ["Rear:JobStorage"] = jobStorage,
            ["Rear:JobStoragePath"] = Path.Combine(folder, "jobs.db"),
            // No worker: nothing must pick the planted Queued row up.
            ["Rear:Workers"] = "0",
        };
        try
        {
            string token;
            Guid running, queued, succeeded;
            await using (var first = new WebAppFactory(folder, settings))
            {
                token = await first.TokenAsync();
                var store = first.Services.GetRequiredService<IRunStore>();
                running = await PlantAsync(store, RunStatus.Running);
                queued = await PlantAsync(store, RunStatus.Queued);
                succeeded = await PlantAsync(store, RunStatus.Succeeded);
            }

            await using var second = new WebAppFactory(folder, settings);
            using var client = second.Anonymous();
            // A token issued by the first process is still good: the data-protection keys live in the data folder.
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            var run = await RunApi.GetAsync(client, running);
            Assert.Equal("interrupted", RunApi.Status(run));
            Assert.Equal(RunStore.InterruptedError, run["error"]!.GetValue<string>());
            Assert.Equal(queuedAfterRestart, RunApi.Status(await RunApi.GetAsync(client, queued)));
            Assert.Equal("succeeded", RunApi.Status(await RunApi.GetAsync(client, succeeded)));
            Assert.True(File.Exists(second.DatabasePath));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }

    private static async Task<Guid> PlantAsync(IRunStore store, RunStatus status)
    {
        var request = RunApi.Tiny();
        var run = new RunEntity
        {
            Id = Guid.NewGuid(), Owner = WebAppFactory.AdminEmail, Model = "stories260K", Method = "bon",
            Question = "Once upon a time", RequestJson = request.ToJsonString(JsonSerializerOptions.Web), Status = status,
            CreatedAt = DateTimeOffset.UtcNow, StartedAt = status == RunStatus.Queued ? null : DateTimeOffset.UtcNow,
        };
        await store.CreateAsync(run);
        return run.Id;
    }
}
