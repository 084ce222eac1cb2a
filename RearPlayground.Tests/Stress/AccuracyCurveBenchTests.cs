using System.Diagnostics;
using RearPlayground.Worker.Batches.Report;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Selection;
using Xunit.Abstractions;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// The accuracy-against-N benchmark (issue 21): 500 items × N = 64 stored candidates (64 tokens each, boxed answers drawn
/// from a few values), the curve at n = 1, 2, 4, …, 64 with 1,000 subsets each. Prints the time to judge the pools and to
/// compute the curve; asserts nothing about time. Run with
/// <c>REAR_LONG=1 dotnet test RearPlayground.Tests --filter "FullyQualifiedName~Stress.AccuracyCurveBench" --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class AccuracyCurveBenchTests(ITestOutputHelper output)
{
    private const int Items = 500, N = 64, Tokens = 64, Subsets = 1000;

    [LongFact]
    public void Prints_the_time_of_accuracy_against_N_over_500_items_of_64_candidates()
    {
        var random = new SeededRandom(2126);
        var pools = Enumerable.Range(0, Items).Select(i => Pool(random, i)).ToList();
        var judge = new ItemJudge(new AnswerRule(AnswerRule.Boxed));
        var rear = new RearOptions(Lambda: 20);

        var judging = Stopwatch.StartNew();
        var judged = pools.Select(p => JudgedPool.Judge(p, rear, new ItemTruth("42"), judge)!).ToList();
        judging.Stop();
        var options = new CurveOptions(Subsets, Seed: 1);
        AccuracyCurve.Compute(judged.Take(10).ToList(), options); // warm-up: JIT, the thread pool

        var times = new List<double>();
        var cpu = new List<double>();
        IReadOnlyList<SelectorCurve> curves = [];
        for (var run = 0; run < 3; run++)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            curves = AccuracyCurve.Compute(judged, options);
            times.Add(sw.Elapsed.TotalMilliseconds);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds);
        }
        Report($"{Items} items × N = {N} ({Tokens} tokens each), {Subsets} subsets per n, {Environment.ProcessorCount} cores: " +
            $"judging the pools {judging.Elapsed.TotalMilliseconds:F0} ms; the curve {string.Join(" / ", times.Select(t => $"{t:F0}"))} ms " +
            $"(3 runs; CPU time {string.Join(" / ", cpu.Select(t => $"{t:F0}"))} ms)");
        foreach (var curve in curves)
            Report($"  {curve.Selector,-10} " + string.Join("  ", curve.Points.Select(p => $"{p.N}:{p.Accuracy:F3}")));
        Assert.Equal(AccuracyCurve.Sizes(N), curves.Single(c => c.Selector == ReportSelectors.Majority).Points.Select(p => p.N));
    }

    // The right answer 42 is the most common on most items; the REAR scores lean towards it.
    private static SelectorPool Pool(SeededRandom random, int item)
    {
        string[] answers = ["42", "41", "24", @"\frac{84}{2}", "7"];
        var candidates = Enumerable.Range(0, N).Select(c =>
        {
            var a = (int)(random.NextUInt64() % 8) switch { 0 or 1 or 2 => 0, 3 => 3, 4 or 5 => 1, 6 => 2, _ => 4 };
            var lean = a is 0 or 3 ? 0.05f : 0f;
            var without = new float[Tokens];
            var with = new float[Tokens];
            for (var t = 0; t < Tokens; t++)
            {
                without[t] = (float)(-3 * random.NextDouble());
                with[t] = without[t] + lean + (float)(0.1 * (random.NextDouble() - 0.5));
            }
            var text = $"Let us work it out step by step for item {item}. … so the answer is \\boxed{{{answers[a]}}}.";
            return new StoredCandidate(c, text, without, with, "eos", 0);
        }).ToList();
        return new SelectorPool(candidates, [.. candidates.Select(_ => (double?)random.NextDouble())], null, item);
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}
