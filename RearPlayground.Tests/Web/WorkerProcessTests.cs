using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using RearPlayground.Tests.Support;

namespace RearPlayground.Tests.Web;

/// <summary>
/// The deployment with a standalone worker: the web app enqueues into shared SQLite job storage and runs no jobs
/// itself (Workers = 0); <c>RearPlayground.Worker serve</c>, a second process, runs the search, stores its events in
/// the same run database and publishes them to the web app's hub as the worker account.
/// </summary>
[Collection("Hangfire")]
public class WorkerProcessTests
{
    private const string WorkerEmail = "worker@example.org", WorkerPassword = "Worker-pass-1";

    [Fact]
    public async Task A_run_is_executed_by_a_serve_process_and_its_events_reach_the_hub()
    {
        var folder = WebAppFactory.NewFolder();
        var jobs = Path.Combine(folder, "jobs.db");
        var output = new StringBuilder();
        try
        {
            await using var app = new WebAppFactory(folder, new Dictionary<string, string?>
            {
                ["Rear:JobStorage"] = "SQLite",
                ["Rear:JobStoragePath"] = jobs,
                ["Rear:Workers"] = "0",
                ["Rear:Worker:Email"] = WorkerEmail,
                ["Rear:Worker:Password"] = WorkerPassword,
            });
            using var client = await app.SignedInAsync();
            Process? worker = null;
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

                worker = StartWorker(folder, app.DatabasePath, jobs, app.BaseAddress, output);
                var run = await RunApi.WaitForEndAsync(client, id, timeoutSeconds: 120);
                var received = await collector.WaitForEndAsync(timeoutSeconds: 30);

                Assert.True(RunApi.Status(run) == "succeeded", $"run ended {RunApi.Status(run)}: {run["error"]}\nworker output:\n{Output(output)}");
                Assert.Equal(2, run["candidates"]!.AsArray().Count);
                Assert.Equal("cpu", run["device"]!.GetValue<string>());
                EventCollector.AssertSameAsStored(received, await RunApi.EventsAsync(client, id));
                Assert.False(worker.HasExited, $"the worker exited:\n{Output(output)}");
                // The worker's Hangfire server is announced in the shared storage: the web app sees it.
                Assert.Equal("Healthy", await client.GetStringAsync("/health"));
            }
            finally
            {
                // Before the app stops: its graceful shutdown would wait out the worker's open hub connection.
                if (worker is not null)
                {
                    if (!worker.HasExited) worker.Kill(entireProcessTree: true);
                    await worker.WaitForExitAsync();
                    worker.Dispose();
                }
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }

    private static Process StartWorker(string folder, string database, string jobs, Uri webUrl, StringBuilder output)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "RearPlayground.Worker.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the Worker project reference copies it beside the tests");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     dll, "serve", "--database", database, "--job-storage", "sqlite", "--job-storage-path", jobs,
                     "--web-url", webUrl.ToString(), "--workers", "1", "--device", "cpu",
                 })
            start.ArgumentList.Add(arg);
        // Credentials through the environment, as a deployment passes secrets (never on the command line).
        start.Environment["Rear__Worker__Email"] = WorkerEmail;
        start.Environment["Rear__Worker__Password"] = WorkerPassword;
        start.Environment["Rear__ModelDirectories__0"] = Path.Combine(SharedModels.Root, "models");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the worker");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    private static string Output(StringBuilder output)
    {
        lock (output) return output.ToString();
    }
}
