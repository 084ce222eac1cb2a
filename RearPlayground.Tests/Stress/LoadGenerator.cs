using System.Diagnostics;
using System.Net.Http.Json;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// A bounded load on loopback: <c>users</c> team members submit their share of the runs at once, each one request at a
/// time (so at most <c>users</c> requests are in flight), and then read their runs' status every 250 ms until they end;
/// <c>watchers</c> SignalR connections follow the runs between them (run i → watcher i mod watchers). Measures
/// submit → first event at the watcher, API latencies, and the process's memory every 100 ms.
/// </summary>
internal static class LoadGenerator
{
    public sealed record Result(LoadFigures Figures, IReadOnlyList<(Guid Id, HttpClient Owner, LoadWatcher.RunTrace Trace)> Runs);

    public static async Task<Result> RunAsync(WebAppFactory app, int runs, int users, IReadOnlyList<LoadWatcher> watchers, int timeoutSeconds)
    {
        var figures = new LoadFigures();
        var clients = new List<HttpClient>();
        for (var u = 0; u < users; u++) clients.Add(await TeamClients.MemberAsync(app, $"load{u}@example.org"));

        // Warm: the model is loaded and the code paths are jitted before "before" is taken.
        var warm = await RunApi.SubmitAsync(clients[0], RunApi.Tiny());
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(clients[0], warm, timeoutSeconds)));
        figures.Before = MemorySample.Now(collect: true);

        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                figures.Sample(MemorySample.Now());
                try { await Task.Delay(100, sampling.Token); }
                catch (OperationCanceledException) { }
            }
        });

        var started = Stopwatch.GetTimestamp();
        var all = new List<(Guid, HttpClient, LoadWatcher.RunTrace)>();
        var userTasks = Enumerable.Range(0, users).Select(u => Task.Run(async () =>
        {
            var client = clients[u];
            var mine = new List<(Guid, HttpClient, LoadWatcher.RunTrace)>();
            for (var i = u; i < runs; i += users)
            {
                var t0 = Stopwatch.GetTimestamp();
                var id = await RunApi.SubmitAsync(client, RunApi.Bon(n: 2, maxTokens: 16));
                figures.Submit(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                mine.Add((id, client, await watchers[i % watchers.Count].FollowAsync(id, t0)));
            }
            // Each user then watches its runs' status through the API, as the history page does.
            var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
            var open = mine.Select(m => m.Item1).ToHashSet();
            while (open.Count > 0 && DateTime.UtcNow < deadline)
            {
                foreach (var id in open.ToList())
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var run = await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/runs/{id}");
                    figures.Read(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    if (RunApi.TerminalStatuses.Contains(RunApi.Status(run!))) open.Remove(id);
                }
                await Task.Delay(250);
            }
            lock (all) all.AddRange(mine);
        })).ToList();
        await Task.WhenAll(userTasks);

        var ends = Task.WhenAll(all.Select(r => r.Item3.Ended));
        await ends.WaitAsync(TimeSpan.FromSeconds(timeoutSeconds));
        figures.Elapsed = Stopwatch.GetElapsedTime(started);
        foreach (var (_, _, trace) in all) figures.FirstEvent(Stopwatch.GetElapsedTime(trace.Submitted, trace.FirstEventAt!.Value).TotalMilliseconds);
        await sampling.CancelAsync();
        await sampler;
        figures.After = MemorySample.Now(collect: true);
        return new Result(figures, all);
    }
}
