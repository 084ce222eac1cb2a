using System.Diagnostics;

namespace RearPlayground.Tests.Stress;

/// <summary>What a load run measured: latencies in milliseconds, memory samples in bytes, printed as one block.</summary>
internal sealed class LoadFigures
{
    private readonly List<double> _submit = [], _read = [], _firstEvent = [];

    public void Submit(double ms) { lock (_submit) _submit.Add(ms); }
    public void Read(double ms) { lock (_read) _read.Add(ms); }
    public void FirstEvent(double ms) { lock (_firstEvent) _firstEvent.Add(ms); }

    public MemorySample Before { get; set; }
    public MemorySample Peak { get; private set; }
    public MemorySample After { get; set; }
    public TimeSpan Elapsed { get; set; }

    /// <summary>Keeps the largest working set seen (and the managed heap at that moment).</summary>
    public void Sample(MemorySample sample)
    {
        lock (_submit) if (sample.WorkingSet > Peak.WorkingSet) Peak = sample;
    }

    public string Report(int runs, int users, int watchers, long events) =>
        $"""
         load: {runs} runs from {users} users at once, {watchers} SignalR watchers, {events} events delivered
         runs per minute: {runs / Elapsed.TotalMinutes:0.0} ({Elapsed.TotalSeconds:0.0} s from first submit to last end)
         submit → first event at a watcher: p50 {P(_firstEvent, 50):0} ms, p95 {P(_firstEvent, 95):0} ms
         API latency, POST /api/runs: p50 {P(_submit, 50):0} ms, p95 {P(_submit, 95):0} ms ({_submit.Count} requests)
         API latency, GET /api/runs/{"{id}"}: p50 {P(_read, 50):0} ms, p95 {P(_read, 95):0} ms ({_read.Count} requests)
         memory (working set / managed heap, MB): before {Before}, peak {Peak}, after {After}
         """;

    public static double P(List<double> values, int percentile)
    {
        lock (values)
        {
            if (values.Count == 0) return double.NaN;
            var sorted = values.Order().ToList();
            return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
        }
    }
}

/// <summary>The process's working set and managed heap at one moment.</summary>
internal readonly record struct MemorySample(long WorkingSet, long ManagedHeap)
{
    public static MemorySample Now(bool collect = false)
    {
        if (collect)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
        using var process = Process.GetCurrentProcess();
        return new MemorySample(process.WorkingSet64, GC.GetTotalMemory(false));
    }

    public override string ToString() => $"{WorkingSet / 1048576.0:0} / {ManagedHeap / 1048576.0:0}";
}
