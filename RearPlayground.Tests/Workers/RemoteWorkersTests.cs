using System.Text.Json.Nodes;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Runs;
using RearPlayground.Tests.Support;
using RearPlayground.Tests.Web;
using RearPlayground.Web.Live;

namespace RearPlayground.Tests.Workers;

/// <summary>
/// One web server and GPU machines, proven on one machine: the web app (run history in SQLite, no job server of its
/// own) and two <c>RearPlayground.Worker serve</c> processes that share Hangfire job storage in a throwaway PostgreSQL
/// cluster and know only that storage and the web app's URL with the worker account. The workers send their events to
/// the web app, which stores them and publishes them to the hub.
/// </summary>
[Collection("Hangfire")]
public class RemoteWorkersTests
{
    private const string WorkerEmail = "worker@example.org", WorkerPassword = "Worker-pass-1";

    [Fact]
    public async Task Two_workers_share_the_runs_and_a_killed_one_leaves_its_run_interrupted_while_the_other_goes_on()
    {
        await using var postgres = await PostgresCluster.StartAsync();
        var folder = WebAppFactory.NewFolder();
        await using var app = new WebAppFactory(folder, new Dictionary<string, string?>
        {
            ["Rear:JobStorage"] = "PostgreSQL",
            ["ConnectionStrings:Hangfire"] = postgres.ConnectionString,
            ["Rear:Workers"] = "0",
            ["Rear:Worker:Email"] = WorkerEmail,
            ["Rear:Worker:Password"] = WorkerPassword,
            // A worker reads its run every 2 s: 10 s of silence is a dead worker (30 s by default).
            ["Rear:RemoteWorkers:Lease"] = "00:00:10",
            ["Rear:RemoteWorkers:CheckEvery"] = "00:00:01",
        });
        using var client = await app.SignedInAsync();
        await using var hub = await app.HubAsync();
        await using var a = WorkerProcess.Start(Path.Combine(folder, "a"), postgres.ConnectionString, app.BaseAddress, WorkerEmail, WorkerPassword, "worker-a");
        await using var b = WorkerProcess.Start(Path.Combine(folder, "b"), postgres.ConnectionString, app.BaseAddress, WorkerEmail, WorkerPassword, "worker-b");
        var workers = new[] { a, b };
        string Outputs() => string.Join("\n", workers.Select(w => $"--- worker {w.Name} ---\n{w.Output}"));

        // 20 runs at once, each followed on the hub from its submission.
        var runs = new List<(Guid Id, EventCollector Events)>();
        for (var i = 0; i < 20; i++)
        {
            var id = await RunApi.SubmitAsync(client, RunApi.Bon(n: 2, maxTokens: 16));
            runs.Add((id, await EventCollector.JoinAsync(hub, id)));
        }
        foreach (var (id, events) in runs)
        {
            var run = await RunApi.WaitForEndAsync(client, id, timeoutSeconds: 180);
            Assert.True(RunApi.Status(run) == "succeeded", $"run {id} ended {RunApi.Status(run)}: {run["error"]}\n{Outputs()}");
            EventCollector.AssertSameAsStored(await events.WaitForEndAsync(30), await RunApi.EventsAsync(client, id));
        }
        var takers = runs.Select(r => Taker(app, r.Id)).ToList();
        Assert.Equal(["worker-a", "worker-b"], takers.Distinct().Order());

        // A long run; once it is under way, kill -9 the worker that has it.
        var longId = await RunApi.SubmitAsync(client, RunApi.Long());
        using var longEvents = await EventCollector.JoinAsync(hub, longId);
        await longEvents.WaitForCountAsync(5, timeoutSeconds: 120);
        var victim = workers.Single(w => w.Name == Taker(app, longId));
        await victim.KillAsync();

        var interrupted = await RunApi.WaitForEndAsync(client, longId, timeoutSeconds: 60);
        Assert.Equal("interrupted", RunApi.Status(interrupted));
        Assert.Contains("worker", interrupted["error"]!.GetValue<string>());
        var stored = await RunApi.EventsAsync(client, longId);
        Assert.Equal("runInterrupted", RunApi.Types(stored).Last());
        // The watcher saw it end: every stored event, the runInterrupted last, in order.
        await longEvents.WaitForCountAsync(stored.Count, timeoutSeconds: 30);
        EventCollector.AssertSameAsStored(longEvents.Events, stored);

        // The other worker goes on.
        var survivor = workers.Single(w => w != victim);
        var after = await RunApi.SubmitAsync(client, RunApi.Bon(n: 2, maxTokens: 16));
        var last = await RunApi.WaitForEndAsync(client, after, timeoutSeconds: 120);
        Assert.True(RunApi.Status(last) == "succeeded", $"run after the kill ended {RunApi.Status(last)}: {last["error"]}\n{Outputs()}");
        Assert.Equal(survivor.Name, Taker(app, after));
        Assert.False(survivor.HasExited, Outputs());
    }

    // The worker (Hangfire server name) whose Processing state the run's job went through.
    private static string Taker(WebAppFactory app, Guid runId)
    {
        var run = app.Services.GetRequiredService<IRunStore>().FindAsync(runId).GetAwaiter().GetResult()!;
        var details = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(run.JobId);
        var processing = details.History.First(h => h.StateName == "Processing");
        return processing.Data["ServerId"].Split(':')[0];
    }
}
