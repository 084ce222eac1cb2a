using System.Globalization;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Search;

namespace RearPlayground.Worker.Bench;

/// <summary>
/// <c>bench --guided</c>: REAR-guided decoding's cost in one process, each pair run alternately, best of the repeats:
/// guided N ÷ plain sampling N (two rows per sequence in one batch; goal ≤ 2.2×) and guided N = 1 ÷ Best-of-N-REAR N
/// (sampling + teacher forcing + ranking). EOS is ignored so every side runs to the token limit. Printed, never asserted.
/// </summary>
public static class GuidedBench
{
    public static async Task<int> RunAsync(BenchRunner.Settings s, TextWriter output, TextWriter error, CancellationToken ct)
    {
        foreach (var name in s.Models)
        {
            ct.ThrowIfCancellationRequested();
            using var model = LanguageModel.Load(BenchModels.Resolve(name, s.WorkDir, error), DeviceKind.Cpu, variant: s.Variant);
            var plain = new SearchRequest("Once upon a time", "Tom was a cat who loved to eat fish.", s.N, s.NewTokens, IgnoreEos: true);
            var guided = plain with { Method = "guided" };
            var (guidedN, plainN) = Pair(s.Repeats, () => Total(model, guided), () => Total(model, plain, samplingOnly: true));
            var (guidedOne, bonN) = Pair(s.Repeats, () => Total(model, guided with { N = 1 }), () => Total(model, plain));
            await output.WriteLineAsync(string.Format(CultureInfo.InvariantCulture,
                "{0}: guided N={1} {2:F0} ms ÷ plain sampling N={1} {3:F0} ms = {4:F2}× (goal ≤ 2.2×); guided N=1 {5:F0} ms ÷ Best-of-N-REAR N={1} {6:F0} ms = {7:F2}×; {8} tokens each, {9} cores",
                name, s.N, guidedN, plainN, guidedN / plainN, guidedOne, bonN, guidedOne / bonN, s.NewTokens, Environment.ProcessorCount));
        }
        return 0;
    }

    // Plain sampling alone is Best-of-N's prompt pass + decoding, without its teacher-forced pass and ranking.
    private static double Total(LanguageModel model, SearchRequest request, bool samplingOnly = false)
    {
        var t = SearchRunner.Run(model, request).Timings;
        return samplingOnly ? t.PrefixMs + t.SamplingMs : t.TotalMs;
    }

    private static (double A, double B) Pair(int repeats, Func<double> a, Func<double> b)
    {
        a(); b();
        double ba = double.MaxValue, bb = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            ba = Math.Min(ba, a());
            bb = Math.Min(bb, b());
        }
        return (ba, bb);
    }
}
