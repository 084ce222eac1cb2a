using Xunit.Abstractions;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// Many users and watchers at once against the real app (real Kestrel on loopback, SQLite file, Hangfire with two
/// workers, SignalR hub, stories260K): every run ends Succeeded and every watcher gets every event of its runs, in
/// order, exactly as stored. The figures (runs per minute, submit → first event, API latency, memory) are printed; the
/// web app runs inside the test process, so the memory figures include the test's clients (they are small).
/// Quick version in CI; the full one (50 runs, 5 users, 10 watchers) with
/// <c>REAR_LONG=1 dotnet test RearPlayground.Tests --filter "FullyQualifiedName~Stress.LoadTests" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Collection("Hangfire")]
public class LoadTests(ITestOutputHelper output)
{
    [Fact]
    public Task Ten_runs_from_two_users_with_three_watchers_all_succeed_and_every_event_arrives_in_order() => LoadAsync(10, 2, 3);

    [LongFact]
    public Task Fifty_runs_from_five_users_with_ten_watchers_all_succeed_and_every_event_arrives_in_order() => LoadAsync(50, 5, 10);

    private async Task LoadAsync(int runs, int users, int watcherCount)
    {
        await using var app = new WebAppFactory(null, new Dictionary<string, string?> { ["Rear:Workers"] = "2" });
        var token = await app.TokenAsync();
        var watchers = new List<LoadWatcher>();
        try
        {
            for (var w = 0; w < watcherCount; w++) watchers.Add(await LoadWatcher.ConnectAsync(() => app.HubAsync(token)));
            var result = await LoadGenerator.RunAsync(app, runs, users, watchers, timeoutSeconds: 600);

            long events = 0;
            foreach (var (id, owner, trace) in result.Runs)
            {
                var run = await RunApi.GetAsync(owner, id);
                Assert.True(RunApi.Status(run) == "succeeded", $"run {id} ended {RunApi.Status(run)}: {run["error"]}");
                EventCollector.AssertSameAsStored(trace.Events, await RunApi.EventsAsync(owner, id));
                events += trace.Events.Count;
            }
            Assert.Equal(runs, result.Runs.Count);
            var report = result.Figures.Report(runs, users, watcherCount, events);
            output.WriteLine(report);
            Console.WriteLine(report);
        }
        finally
        {
            foreach (var w in watchers) await w.DisposeAsync();
        }
    }
}
