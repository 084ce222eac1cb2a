using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RearPlayground.Web.Bench;

/// <summary>bench-app's figures as a table (with the targets beside them) and as JSON.</summary>
internal static class AppBenchReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Table(AppBenchFigures f)
    {
        var sb = new StringBuilder();
        void Line(string label, string value, string target = "") => sb.AppendLine(string.Format(Inv, "{0,-58}{1,16}   {2}", label, value, target));
        sb.AppendLine(string.Format(Inv, "bench-app, {0}, best of {1} (median in brackets); searches {2}", f.Model, f.Repeats,
            f.SearchCpu is { } cpu ? $"on cpu{cpu}" : "not pinned"));
        foreach (var p in new[] { f.Bon, f.Dvts })
        {
            var what = p.Name == "BoN" ? "BoN N=16, 128 tokens" : $"DVTS N=16 M=4, 4-token steps, 256 tokens ({p.TreeNodes} nodes)";
            Line($"{what}: CLI (ms)", Ms(p.CliBest, Stats.Median(p.CliMs)));
            Line($"  job, submit → finished on the hub (ms)", Ms(p.JobBest, Stats.Median(p.JobMs)));
            Line($"  job start → finished (ms)", Ms(p.JobRunMs.Min(), Stats.Median(p.JobRunMs)));
            Line($"  the search inside the job (ms)", Ms(p.JobSearchMs.Min(), Stats.Median(p.JobSearchMs)));
            Line($"  job ÷ CLI, best ÷ best ({p.Events} events)", string.Format(Inv, "{0:F2} ({1:F2})", p.Ratio, p.MedianRatio));
            Line($"  job ÷ CLI, median of the repeats' ratios", string.Format(Inv, "{0:F2}", p.PairedRatio), "<= 1.10");
            if (p.CliFaults.Count > 0 && p.CliFaults[0] >= 0)
                Line($"  page faults per run, median: CLI · job (process-wide)", string.Format(Inv, "{0:F0} · {1:F0}",
                    Stats.Median([.. p.CliFaults.Select(f => (double)f)]), Stats.Median([.. p.JobFaults.Select(f => (double)f)])));
        }
        Line("small run: submit → first event (ms)", Ms(f.Small.SubmitToFirst));
        Line("  job start → first event (ms)", Ms(f.Small.StartToFirst), "<= 100");
        Line("  submit → finished (ms)", Ms(f.Small.SubmitToFinished));
        Line($"write path: {f.Writer.Events} events in {f.Writer.Commits} commits (events/s)", f.Writer.PerSecond.ToString("F0", Inv), "report");
        return sb.ToString();
    }

    public static string Json(AppBenchFigures f) => JsonSerializer.Serialize(new
    {
        machine = new { cores = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription },
        searchCpu = f.SearchCpu,
        f.Model,
        f.Repeats,
        bon = Pair(f.Bon),
        dvts = Pair(f.Dvts),
        small = new { submitToFirstMs = f.Small.SubmitToFirst, jobStartToFirstMs = f.Small.StartToFirst, submitToFinishedMs = f.Small.SubmitToFinished },
        writer = new { events = f.Writer.Events, ms = f.Writer.Ms, commits = f.Writer.Commits, eventsPerSecond = f.Writer.PerSecond },
    }, JsonSerializerOptions.Web);

    private static object Pair(SidePair p) => new
    {
        cliMs = p.CliMs, jobMs = p.JobMs, cliPageFaults = p.CliFaults, jobPageFaults = p.JobFaults, jobStartToEndMs = p.JobRunMs, jobSearchMs = p.JobSearchMs, ratio = p.Ratio, medianRatio = p.MedianRatio, pairedRatio = p.PairedRatio, p.Events, p.TreeNodes,
    };

    private static string Ms(double best, double median) => string.Format(Inv, "{0:F1} ({1:F1})", best, median);

    private static string Ms(IReadOnlyList<double> values) => Ms(values.Min(), Stats.Median(values));
}
