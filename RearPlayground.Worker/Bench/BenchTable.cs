using System.Globalization;
using System.Text;

namespace RearPlayground.Worker.Bench;

/// <summary>Bench figures as a table (with the targets beside them) and as JSON-ready objects.</summary>
public static class BenchTable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Row(BenchFigures f) => string.Format(Inv,
        "{0}: bare b1 {1:F2} ms/step, b16 {2:F2} ms/step, forced {3:F0} ms; BoN engine {4:F0} ms vs bare {5:F0} ms",
        f.Model, f.BareDecodeB1MsPerStep, f.BareDecodeB16MsPerStep, f.BareForcedMs, f.EngineBonMs, f.BareBonMs);

    public static string Render(IReadOnlyList<BenchFigures> all)
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Format(Inv, "{0,-46}{1}", "figure", string.Join("", all.Select(f => $"{f.Model,14}"))) + "   target");
        void Line(string label, Func<BenchFigures, string> value, string target) =>
            sb.AppendLine(string.Format(Inv, "{0,-46}{1}   {2}", label, string.Join("", all.Select(f => $"{value(f),14}")), target));
        Line("bare decode batch 1 (ms/step)", f => f.BareDecodeB1MsPerStep.ToString("F2", Inv), "");
        Line("bare decode batch 16 (ms/step)", f => f.BareDecodeB16MsPerStep.ToString("F2", Inv), "");
        Line("bare teacher-forced 16 x 64 (ms)", f => f.BareForcedMs.ToString("F1", Inv), "");
        Line("BoN N=16 engine (ms)", f => f.EngineBonMs.ToString("F1", Inv), "");
        Line("BoN N=16 bare loop (ms)", f => f.BareBonMs.ToString("F1", Inv), "");
        Line("engine overhead: engine / bare", f => f.EngineOverhead.ToString("F3", Inv), "<= 1.10");
        Line("REAR cost: BoN / sampling (median of pairs)", f => f.RearScoringCost.ToString("F3", Inv), "<= 1.15 (260K); <= 1.30 (15M)");
        Line("  REAR's part: BoN - sampling only (ms)", f => f.ScoringMs.ToString("F1", Inv), "");
        Line("  l0 pass (median, ms)", f => f.Scoring?.TotalMs.ToString("F1", Inv) ?? "-", "");
        Line("    forward (prefill + pass)", f => f.Scoring?.ForwardMs.ToString("F1", Inv) ?? "-", "");
        Line("    log-softmax + gather", f => f.Scoring?.LogProbsMs.ToString("F1", Inv) ?? "-", "");
        Line("    KV copies (fork, gathers)", f => f.Scoring?.CopiesMs.ToString("F1", Inv) ?? "-", "");
        Line("    other", f => f.Scoring?.OtherMs.ToString("F1", Inv) ?? "-", "");
        Line("batching: 16 one at a time / batched", f => f.BatchingSpeedup.ToString("F2", Inv) + "x", ">= 5x (15M)");
        Line("  bare loop: 16 x b1 step / b16 step", f => f.BareBatchingSpeedup.ToString("F2", Inv) + "x", "");
        Line("BoN N=16, 128 tokens (ms)", f => f.Bon128Ms.ToString("F1", Inv), "");
        Line("DVTS N=16 M=4, 128 tokens, 16-token steps (ms)", f => f.Dvts128Ms.ToString("F1", Inv), "");
        Line("  DVTS / BoN", f => f.DvtsOverBon.ToString("F2", Inv), "report");
        Line("KV cache: recompute / cached (128 tok)", f => f.KvCacheSpeedup.ToString("F1", Inv) + "x", "report");
        Line("batch-1 weights read per step (MB)", f => (f.WeightBytes / 1e6).ToString("F1", Inv), "");
        Line("batch-1 weight GB/s", f => (f.WeightBytesPerSecond / 1e9).ToString("F2", Inv), "report");
        Line("  as fraction of memcpy bandwidth", f => f.BandwidthFraction.ToString("F2", Inv), "report (60M)");
        return sb.ToString();
    }

    public static object ToJson(BenchFigures f) => new
    {
        model = f.Model,
        device = f.Device,
        weightBytes = f.WeightBytes,
        bareDecodeB1MsPerStep = f.BareDecodeB1MsPerStep,
        bareDecodeB16MsPerStep = f.BareDecodeB16MsPerStep,
        bareForcedMs = f.BareForcedMs,
        bareBonMs = f.BareBonMs,
        engineBonMs = f.EngineBonMs,
        samplingOnlyMs = f.SamplingOnlyMs,
        sequentialMs = f.SequentialMs,
        cachedMs = f.CachedMs,
        recomputeMs = f.RecomputeMs,
        engineOverhead = f.EngineOverhead,
        rearScoringCost = f.RearScoringCost,
        scoringMs = f.ScoringMs,
        scoringPass = f.Scoring,
        batchingSpeedup = f.BatchingSpeedup,
        bareBatchingSpeedup = f.BareBatchingSpeedup,
        kvCacheSpeedup = f.KvCacheSpeedup,
        bon128Ms = f.Bon128Ms,
        dvts128Ms = f.Dvts128Ms,
        dvtsOverBon = f.DvtsOverBon,
        weightBytesPerSecond = f.WeightBytesPerSecond,
        bandwidthFraction = f.BandwidthFraction,
    };
}
