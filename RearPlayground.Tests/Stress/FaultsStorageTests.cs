using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using RearPlayground.Tests.Web;
using RearPlayground.Web.Hosting;
using Xunit.Abstractions;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// Faults: the data folder's disk full, or remounted read-only, under the running app (a small tmpfs; root only).
/// Every refusal is 503 problem details saying so, a run going at the time ends Failed saying so, the app keeps
/// answering, every stored run is whole (events 1…lastSequence), and once the disk is writable again the database
/// passes <c>PRAGMA integrity_check</c> and a new run succeeds.
/// </summary>
[Collection("Hangfire")]
public class FaultsStorageTests(ITestOutputHelper output)
{
    [TmpfsFact]
    public async Task The_disk_full_refuses_clearly_keeps_runs_whole_and_recovers_once_freed()
    {
        using var disk = TmpfsFolder.Mount(16 * 1024);
        await using var app = new WebAppFactory(Path.Combine(disk.Path, "data"));
        using var client = await app.SignedInAsync();
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, await RunApi.SubmitAsync(client, RunApi.Tiny()))));

        // A long run is going when the disk fills: the WAL emptied first, so its next frames need new space.
        var going = await RunApi.SubmitAsync(client, RunApi.Long());
        await RunApi.WaitForEventsAsync(client, going, e => e.Count >= 20, timeoutSeconds: 120);
        Checkpoint(app.DatabasePath);
        var filler = disk.Fill();
        // The run's writer hits the full disk, stops the search, and cannot even store the run's end.
        await WaitForAsync(() => app.Log.Lines.Any(l => l.Contains($"could not store the end of run {going}")));
        await AssertRefusedAsync(client, StorageProblems.Full);
        await AssertUpAndWholeAsync(client);

        // Space freed: the run's end is recorded at the writer's next try, and the store takes new runs.
        disk.Free();
        var ended = await RunApi.WaitForEndAsync(client, going, timeoutSeconds: 60);
        var error = ended["error"]?.GetValue<string>() ?? "";
        output.WriteLine($"filled {filler / 1024} KiB; the going run ended {RunApi.Status(ended)} after {ended["lastSequence"]} events: {error}");
        Assert.Equal("failed", RunApi.Status(ended));
        Assert.Contains("full", error);
        Assert.Equal("runFailed", RunApi.Types(await RunApi.EventsAsync(client, going)).Last());
        await AssertRecoversAsync(app, client);
    }

    [TmpfsFact]
    public async Task A_read_only_database_refuses_clearly_keeps_runs_whole_and_recovers_once_writable()
    {
        using var disk = TmpfsFolder.Mount(32 * 1024);
        await using var app = new WebAppFactory(Path.Combine(disk.Path, "data"));
        using var client = await app.SignedInAsync();
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, await RunApi.SubmitAsync(client, RunApi.Tiny()))));

        // Root ignores chmod 0444: the mount itself goes read-only. That is refused while a file is open for writing,
        // so the idle app's pooled SQLite connections are closed first (they reopen on the next request).
        SqliteConnection.ClearAllPools();
        disk.Remount(readOnly: true);
        try
        {
            await AssertRefusedAsync(client, StorageProblems.ReadOnly, StorageProblems.Failing);
            // A WAL database cannot even be read on a read-only mount (its -shm cannot be made): reads are refused
            // the same way, and the app keeps answering.
            using var list = await client.GetAsync("/api/runs");
            output.WriteLine($"list: {(int)list.StatusCode} {await list.Content.ReadAsStringAsync()}");
            Assert.True(list.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"list answered {list.StatusCode}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            disk.Remount(readOnly: false);
        }
        await AssertRecoversAsync(app, client);
    }

    // Submissions are refused with 503 problem details saying why; one may still fit in the WAL's free frames.
    private async Task AssertRefusedAsync(HttpClient client, params string[] messages)
    {
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/runs", RunApi.Tiny());
            var body = await response.Content.ReadAsStringAsync();
            output.WriteLine($"submit: {(int)response.StatusCode} {body}");
            if (response.StatusCode == HttpStatusCode.Accepted) continue;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(JsonNode.Parse(body)!["detail"]!.GetValue<string>(), messages);
            return;
        }
        Assert.Fail("three submissions were accepted on a disk that refuses writes");
    }

    // The app answers, and every run it lists is whole: its events are 1…lastSequence, a terminal one last if it ended.
    private static async Task AssertUpAndWholeAsync(HttpClient client)
    {
        var runs = (await client.GetFromJsonAsync<JsonObject>("/api/runs?pageSize=100"))!["items"]!.AsArray();
        Assert.NotEmpty(runs);
        foreach (var listed in runs)
        {
            var id = listed!["id"]!.GetValue<Guid>();
            var run = await RunApi.GetAsync(client, id);
            var events = await RunApi.EventsAsync(client, id);
            Assert.Equal(EventCollector.LongRange(1, events.Count), events.Select(e => e!["sequence"]!.GetValue<long>()));
            Assert.Equal(events.Count, run["lastSequence"]!.GetValue<long>());
            if (RunApi.TerminalStatuses.Contains(RunApi.Status(run)))
                Assert.StartsWith("run", RunApi.Types(events).Last()); // runFinished / runFailed / runCancelled …
        }
    }

    private async Task AssertRecoversAsync(WebAppFactory app, HttpClient client)
    {
        var next = await RunApi.SubmitAsync(client, RunApi.Tiny());
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(client, next)));
        await AssertUpAndWholeAsync(client);
        Assert.Equal("ok", FaultsKillTests.IntegrityCheck(app.DatabasePath));
        output.WriteLine("writable again: a new run succeeded; integrity_check ok");
    }

    private static async Task WaitForAsync(Func<bool> condition, int timeoutSeconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"not so after {timeoutSeconds} s");
            await Task.Delay(50);
        }
    }

    private static void Checkpoint(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout=10000; PRAGMA wal_checkpoint(TRUNCATE)";
        command.ExecuteNonQuery();
    }
}
