using System.Diagnostics;
using System.Text.Json.Nodes;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Models;
using RearPlayground.Worker.Threading;

namespace RearPlayground.Web.Bench;

/// <summary>
/// Runs bench-app's measurements in one process: each request once per side to warm up (model loads, JIT, first
/// SQLite pages), then <c>repeats</c> rounds alternating CLI and job, so drift on a shared machine hits both sides.
/// </summary>
internal static class AppBenchRunner
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    public static async Task<AppBenchFigures> RunAsync(AppBenchSettings s, TextWriter log)
    {
        await log.WriteLineAsync($"bench-app: {s.Model}, {s.Repeats} repeats, {Environment.ProcessorCount} cores");
        int? cpu = s.Cpu is { } n && CpuAffinity.IsSupported ? n : null;
        await log.WriteLineAsync(cpu is { } c ? $"both sides' searches on cpu{c}" : "searches not pinned");
        int[]? pin = cpu is { } one ? [one] : null;
        await using var web = await BenchWebApp.StartAsync(pin);
        // The CLI side searches with the app's own loaded model (its pool's): one ORT session and thread pool in the
        // process, as in the CLI's own process. A second session's spinning threads made either side's timing swing 2×.
        using var lease = web.Services.GetRequiredService<ModelPool>().Rent(s.Model, DeviceKind.Cpu);
        var model = lease.Model;
        using var cli = new CliThread(pin);

        var bon = await CompareAsync(web, model, cli, "BoN", BenchRequests.Bon(s.Model), s.Repeats, log);
        var dvts = await CompareAsync(web, model, cli, "DVTS", BenchRequests.Dvts(s.Model), s.Repeats, log);
        var small = await LatenciesAsync(web, BenchRequests.Small(s.Model), s.Repeats, log);
        var writer = await WriterBench.MeasureAsync(web, model, BenchRequests.Dvts(s.Model), s.Repeats);
        await log.WriteLineAsync($"writer: {writer.Events} events in {writer.Ms:F1} ms");
        return new AppBenchFigures(s.Model, s.Repeats, bon, dvts, small, writer, cpu);
    }

    private static async Task<SidePair> CompareAsync(BenchWebApp web, LanguageModel model, CliThread cli, string name, RunRequest request,
        int repeats, TextWriter log)
    {
        var search = request.ToSearchRequest();
        var result = await cli.RunAsync(() => SearchRunner.Run(model, search));
        await JobAsync(web, request);
        var (cliMs, job, jobRun, jobSearch) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        var (cliFaults, jobFaults) = (new List<long>(), new List<long>());
        var events = 0;
        async Task Cli()
        {
            var (ms, faults) = await PageFaults.CountAsync(() => cli.RunAsync(() => TimeCli(model, search)));
            cliMs.Add(ms);
            cliFaults.Add(faults);
        }
        async Task<RunTrace> Job()
        {
            var (trace, faults) = await PageFaults.CountAsync(() => JobAsync(web, request));
            jobFaults.Add(faults);
            return trace;
        }
        for (var i = 0; i < repeats; i++)
        {
            // Which side goes first alternates too, so neither always runs on a machine the other just warmed.
            RunTrace trace;
            if (i % 2 == 0)
            {
                await Cli();
                trace = await Job();
            }
            else
            {
                trace = await Job();
                await Cli();
            }
            job.Add(trace.Ms(trace.Submitted, trace.LastEvent));
            jobRun.Add(trace.Ms(trace.JobStarted ?? trace.Submitted, trace.LastEvent));
            jobSearch.Add(await SearchMsAsync(web, trace.RunId));
            events = trace.Count;
            await log.WriteLineAsync($"{name} #{i + 1}: cli {cliMs[^1]:F1} ms, job {job[^1]:F1} ms (job start → end {jobRun[^1]:F1} ms, " +
                                     $"its search {jobSearch[^1]:F1} ms, {events} events); page faults cli {cliFaults[^1]}, job {jobFaults[^1]}");
        }
        return new SidePair(name, cliMs, job, jobRun, jobSearch, events, result.Tree.Count) { CliFaults = cliFaults, JobFaults = jobFaults };
    }

    private static double TimeCli(LanguageModel model, SearchRequest search)
    {
        var clock = Stopwatch.StartNew();
        SearchRunner.Run(model, search);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> SearchMsAsync(BenchWebApp web, Guid runId)
    {
        var run = await web.Services.GetRequiredService<IRunStore>().FindAsync(runId);
        return JsonNode.Parse(run?.TimingsJson ?? "{}")?["totalMs"]?.GetValue<double>() ?? double.NaN;
    }

    private static async Task<Latencies> LatenciesAsync(BenchWebApp web, RunRequest request, int repeats, TextWriter log)
    {
        await JobAsync(web, request);
        var (first, startFirst, finished) = (new List<double>(), new List<double>(), new List<double>());
        for (var i = 0; i < repeats; i++)
        {
            var trace = await JobAsync(web, request);
            first.Add(trace.Ms(trace.Submitted, trace.FirstEvent));
            startFirst.Add(trace.Ms(trace.JobStarted ?? trace.Submitted, trace.FirstEvent));
            finished.Add(trace.Ms(trace.Submitted, trace.LastEvent));
            await log.WriteLineAsync($"small #{i + 1}: submit → first event {first[^1]:F1} ms (job start → first {startFirst[^1]:F1} ms), submit → finished {finished[^1]:F1} ms");
        }
        return new Latencies(first, startFirst, finished);
    }

    private static async Task<RunTrace> JobAsync(BenchWebApp web, RunRequest request)
    {
        var trace = await web.RunAsync(request, RunTimeout);
        if (trace.EndType != "runFinished") throw new InvalidOperationException($"run {trace.RunId} ended with {trace.EndType}");
        if (trace.OrderError is { } error) throw new InvalidOperationException($"run {trace.RunId}: {error}");
        return trace;
    }
}
