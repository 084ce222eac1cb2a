using System.Net;
using Microsoft.Data.Sqlite;

namespace RearPlayground.Tests.Web;

/// <summary>
/// The deployment with a standalone worker: the web app enqueues into shared SQLite job storage and runs no jobs
/// itself (Workers = 0); <c>RearPlayground.Worker serve</c>, a second process, runs the search, stores its events in
/// the same run database and publishes them to the web app's hub as the worker account.
/// </summary>
[Collection("Hangfire")]
public class WorkerProcessTests
{
    [Fact]
    public async Task A_run_is_executed_by_a_serve_process_and_its_events_reach_the_hub()
    {
        var folder = WebAppFactory.NewFolder();
        var jobs = Path.Combine(folder, "jobs.db");
        try
        {
            await using var app = new WebAppFactory(folder, WorkerProcess.WebSettings(jobs));
            using var client = await app.SignedInAsync();
            WorkerProcess? worker = null;
            try
            {
                await using var hub = await app.HubAsync();

                // Submitted and watched before any worker exists: every event the client gets is a live one from the worker.
                var id = await RunApi.SubmitAsync(client, RunApi.Bon(n: 2, maxTokens: 16));
                using var collector = await EventCollector.JoinAsync(hub, id);
                Assert.Equal("queued", RunApi.Status(await RunApi.GetAsync(client, id)));
                Assert.Empty(collector.Events);
                // No job server anywhere yet: the health check says so.
                using (var health = await client.GetAsync("/health")) Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);

                worker = WorkerProcess.Start(folder, app.DatabasePath, jobs, app.BaseAddress);
                var run = await RunApi.WaitForEndAsync(client, id, timeoutSeconds: 120);
                var received = await collector.WaitForEndAsync(timeoutSeconds: 30);

                Assert.True(RunApi.Status(run) == "succeeded", $"run ended {RunApi.Status(run)}: {run["error"]}\nworker output:\n{worker.Output}");
                Assert.Equal(2, run["candidates"]!.AsArray().Count);
                Assert.Equal("cpu", run["device"]!.GetValue<string>());
                EventCollector.AssertSameAsStored(received, await RunApi.EventsAsync(client, id));
                Assert.False(worker.Process.HasExited, $"the worker exited:\n{worker.Output}");
                // The worker's Hangfire server is announced in the shared storage: the web app sees it.
                Assert.Equal("Healthy", await client.GetStringAsync("/health"));
            }
            finally
            {
                // Killed before the app stops (WorkerShutdownTests covers the app stopping under a connected worker).
                if (worker is not null) await worker.DisposeAsync();
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }
}
