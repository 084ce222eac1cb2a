using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace RearPlayground.Tests.Web;

/// <summary>
/// The web app stops promptly with a standalone worker's hub connection open, and the worker publishes to the app that
/// comes back on the same address. The stop time is printed; the bound is generous (a correctness check: the default
/// graceful shutdown waited out the worker's connection, about 30 s).
/// </summary>
[Collection("Hangfire")]
public class WorkerShutdownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_web_app_stops_within_seconds_and_the_worker_reconnects_when_it_is_back()
    {
        var folder = WebAppFactory.NewFolder();
        var jobs = Path.Combine(folder, "jobs.db");
        var port = FreePort();
        WorkerProcess? worker = null;
        try
        {
            var first = new WebAppFactory(folder, WorkerProcess.WebSettings(jobs));
            first.UseKestrel(port);
            using (var client = await first.SignedInAsync())
            {
                worker = WorkerProcess.Start(folder, first.DatabasePath, jobs, first.BaseAddress);
                // A run the worker executed and published: its hub connection is open now.
                var id = await RunApi.SubmitAsync(client, RunApi.Tiny());
                await using var hub = await first.HubAsync();
                using var collector = await EventCollector.JoinAsync(hub, id);
                await collector.WaitForEndAsync(timeoutSeconds: 120);
            }

            var stopping = Stopwatch.StartNew();
            await first.DisposeAsync();
            stopping.Stop();
            output.WriteLine($"web app stopped in {stopping.Elapsed.TotalSeconds:F2} s with the worker connected");
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"the web app took {stopping.Elapsed.TotalSeconds:F1} s to stop");
            Assert.False(worker.Process.HasExited, $"the worker exited with the web app:\n{worker.Output}");

            await using var second = new WebAppFactory(folder, WorkerProcess.WebSettings(jobs));
            second.UseKestrel(port);
            using var again = await second.SignedInAsync();
            // A long run, cancelled once live events flow: its runCancelled comes only from the worker's publisher.
            var later = await RunApi.SubmitAsync(again, RunApi.Long());
            await RunApi.WaitForEventsAsync(again, later, e => e.Count >= 1, timeoutSeconds: 120);
            await using var hub2 = await second.HubAsync();
            using var watcher = await EventCollector.JoinAsync(hub2, later);
            var backlog = watcher.Events.Count;
            await watcher.WaitForCountAsync(backlog + 5, timeoutSeconds: 60);
            using (var cancel = await again.PostAsync($"/api/runs/{later}/cancel", null))
                Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            var received = await watcher.WaitForEndAsync(timeoutSeconds: 60);

            Assert.Equal("runCancelled", received[^1].Type);
            EventCollector.AssertSameAsStored(received, await RunApi.EventsAsync(again, later));
            output.WriteLine($"after the restart the worker published {received.Count - backlog} live events of a later run");
        }
        finally
        {
            if (worker is not null) await worker.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
