namespace RearPlayground.Web.Bench;

/// <summary>One request timed both ways, in milliseconds, one value per repeat (the two sides alternated).</summary>
/// <remarks><c>JobSearchMs</c>: the search's own total inside the job (its RunFinished timings), to tell a slower search
/// from bookkeeping around it.</remarks>
public sealed record SidePair(string Name, IReadOnlyList<double> CliMs, IReadOnlyList<double> JobMs, IReadOnlyList<double> JobRunMs,
    IReadOnlyList<double> JobSearchMs, int Events, int TreeNodes)
{
    /// <summary>The process's minor page faults during each repeat's CLI search and job (-1: not readable here).</summary>
    public IReadOnlyList<long> CliFaults { get; init; } = [];
    public IReadOnlyList<long> JobFaults { get; init; } = [];

    public double CliBest => CliMs.Min();
    public double JobBest => JobMs.Min();
    public double Ratio => JobBest / CliBest;
    public double MedianRatio => Stats.Median(JobMs) / Stats.Median(CliMs);

    /// <summary>The median of each repeat's job ÷ CLI: the two sides of a repeat run back to back, so a slow spell of a
    /// shared machine lands on both and cancels out, where best ÷ best can pair a lucky spell with an unlucky one.</summary>
    public double PairedRatio => Stats.Median([.. JobMs.Zip(CliMs, (j, c) => j / c)]);
}

/// <summary>The small run's latencies (ms) per repeat, as a watcher on the hub sees them.</summary>
public sealed record Latencies(IReadOnlyList<double> SubmitToFirst, IReadOnlyList<double> StartToFirst, IReadOnlyList<double> SubmitToFinished);

/// <summary>Events of a recorded DVTS run pushed through the job's write path (store, broker, hub watcher) as fast as it takes them.</summary>
public sealed record WriterRate(int Events, double Ms, int Commits)
{
    public double PerSecond => Events / (Ms / 1000);
}

/// <remarks><c>SearchCpu</c>: the CPU both sides' searches were pinned to; null: not pinned.</remarks>
public sealed record AppBenchFigures(string Model, int Repeats, SidePair Bon, SidePair Dvts, Latencies Small, WriterRate Writer, int? SearchCpu);

public static class Stats
{
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
