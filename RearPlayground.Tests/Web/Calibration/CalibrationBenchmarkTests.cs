using Xunit.Abstractions;
using System.Diagnostics;
using RearPlayground.Tests.Stress;
using RearPlayground.Web.Calibration;
using RearPlayground.Worker.Rear;
using static RearPlayground.Tests.Web.Calibration.CalibrationSamples;

namespace RearPlayground.Tests.Web.Calibration;

/// <summary>
/// The calibration benchmark (printed, not a pass/fail timing): 1,000 runs × 16 candidates of 64 tokens, each judged by
/// a full ranking (120 pairs a run), fitted per aggregation (four γ each) and over all four (16 sweeps, what
/// <c>POST /api/calibrate</c> does by default), with 5 folds and 1,000 resamples. Each is timed five times; the fastest
/// and the median are printed (on a shared machine the slow runs measure the neighbours).
/// <c>REAR_LONG=1 dotnet test RearPlayground.Tests -c Release --filter "FullyQualifiedName~CalibrationBenchmark" --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class CalibrationBenchmarkTests(ITestOutputHelper output)
{
    private const int Repeats = 5;

    [LongFact]
    public void Calibration_over_1000_runs_of_16_candidates_with_rank_judgments()
    {
        var random = new Random(42);
        var runs = new List<CalibrationRun>();
        for (var r = 0; r < 1000; r++)
        {
            var pool = Enumerable.Range(0, 16).Select(i => (IRankable)RandomCandidate(random, i, 64, 64)).ToList();
            var order = Enumerable.Range(0, 16).OrderBy(_ => random.Next()).ToArray();
            var pairs = new List<PreferencePair>();
            for (var i = 0; i < 16; i++)
                for (var j = i + 1; j < 16; j++) pairs.Add(new PreferencePair(order[i], order[j]));
            runs.Add(new CalibrationRun(Guid.NewGuid(), pool, pairs));
        }
        var aggregations = Enum.GetValues<Aggregation>();
        LambdaFit.Fit(runs.Take(20).ToList(), aggregations); // warm-up (JIT)
        foreach (var (label, aggs) in new[] { ("mean only", new[] { Aggregation.Mean }), ("sum", new[] { Aggregation.Sum }), ("min", new[] { Aggregation.Min }), ("last", new[] { Aggregation.Last }), ("all four", aggregations) })
        {
            FitResult fit = null!;
            var walls = new List<double>();
            var cpus = new List<double>();
            for (var k = 0; k < Repeats; k++)
            {
                // CPU time beside wall time: on a shared machine the wall clock also counts others' work.
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var timer = Stopwatch.StartNew();
                fit = LambdaFit.Fit(runs, aggs);
                timer.Stop();
                walls.Add(timer.Elapsed.TotalMilliseconds);
                cpus.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            }
            Assert.Equal(120_000, fit.Best.Pairs);
            walls.Sort();
            cpus.Sort();
            output.WriteLine($"calibration, {label}: 1,000 runs × 16 candidates × 64 tokens, 120,000 pairs, {aggs.Length * LambdaFit.Gammas.Length} " +
                $"(aggregation, γ) sweeps, 5 folds, 1,000 resamples: fastest {walls[0]:0} ms wall, {cpus[0]:0} ms CPU; median of {Repeats} " +
                $"{walls[Repeats / 2]:0} ms wall, {cpus[Repeats / 2]:0} ms CPU (best λ {fit.Best.Lambda} in [{fit.Best.LambdaLow:0.####}, " +
                $"{fit.Best.LambdaHigh:0.####}], {fit.Best.Aggregation.Name()} γ {fit.Best.Gamma}, agreement {fit.Best.Agreement:0.000}, held out " +
                $"{fit.Best.HeldOut:0.000} [{fit.Best.HeldOutLow:0.000}, {fit.Best.HeldOutHigh:0.000}])");
        }
    }
}
