using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using RearPlayground.Tests.Web;
using Xunit.Abstractions;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// Faults: <c>kill -9</c> of the process running a DVTS run (a standalone worker), then the web app restarted on the
/// same data folder. The run is Interrupted, its committed events are intact and in order with a terminal
/// runInterrupted appended, the database passes <c>PRAGMA integrity_check</c>, and a rerun of it succeeds.
/// </summary>
[Collection("Hangfire")]
public class FaultsKillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_dvts_run_killed_mid_search_is_interrupted_intact_and_reruns()
    {
        var folder = WebAppFactory.NewFolder();
        var jobs = Path.Combine(folder, "jobs.db");
        try
        {
            Guid id;
            JsonArray before;
            await using (var first = new WebAppFactory(folder, WorkerProcess.WebSettings(jobs)))
            {
                using var client = await first.SignedInAsync();
                await using var worker = WorkerProcess.Start(folder, first.DatabasePath, jobs, first.BaseAddress);
                id = await RunApi.SubmitAsync(client, RunApi.Long());
                // Mid-search: the tree has grown for a while.
                await RunApi.WaitForEventsAsync(client, id, e => e.Count >= 40, timeoutSeconds: 120);
                worker.Process.Kill(entireProcessTree: true); // SIGKILL: no shutdown code runs
                await worker.Process.WaitForExitAsync();
                before = await RunApi.EventsAsync(client, id);
                Assert.Equal("running", RunApi.Status(await RunApi.GetAsync(client, id)));
            }
            output.WriteLine($"killed the worker after {before.Count} committed events");

            // The next start, with an in-process worker for the rerun.
            await using var second = new WebAppFactory(folder);
            using var admin = await second.SignedInAsync();
            var run = await RunApi.GetAsync(admin, id);
            var after = await RunApi.EventsAsync(admin, id);

            Assert.Equal("interrupted", RunApi.Status(run));
            Assert.Equal(before.Count + 1, after.Count);
            Assert.Equal(EventCollector.LongRange(1, after.Count), after.Select(e => e!["sequence"]!.GetValue<long>()));
            for (var i = 0; i < before.Count; i++) Assert.Equal(before[i]!.ToJsonString(), after[i]!.ToJsonString());
            Assert.Equal("runStarted", RunApi.Types(after).First());
            Assert.Equal("runInterrupted", RunApi.Types(after).Last());
            Assert.Equal(after.Count, run["lastSequence"]!.GetValue<long>());
            Assert.Equal("ok", IntegrityCheck(second.DatabasePath));

            var rerunning = Stopwatch.StartNew();
            using var rerun = await admin.PostAsync($"/api/runs/{id}/rerun", null);
            Assert.Equal(HttpStatusCode.Accepted, rerun.StatusCode);
            var again = JsonNode.Parse(await rerun.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
            var ended = await RunApi.WaitForEndAsync(admin, again, timeoutSeconds: 240);
            Assert.True(RunApi.Status(ended) == "succeeded", $"the rerun ended {RunApi.Status(ended)}: {ended["error"]}");
            output.WriteLine($"the rerun succeeded in {rerunning.Elapsed.TotalSeconds:F1} s; integrity_check ok");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }

    /// <summary>SQLite's own check of the file, on a connection of its own.</summary>
    internal static string IntegrityCheck(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }
}
