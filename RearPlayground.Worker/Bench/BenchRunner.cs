using System.Globalization;
using System.Text.Json;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Worker.Bench;

/// <summary>
/// Runs every figure on every model in one process, best of <c>repeats</c> timed runs after a warm-up,
/// and prints a table then one JSON object. Figures are reported, never asserted.
/// </summary>
public static class BenchRunner
{
    public sealed record Settings(IReadOnlyList<string> Models, string WorkDir, int Repeats, int N, int NewTokens, int KvTokens, string? JsonOut,
        string? Variant = null);

    /// <param name="output">The table and the JSON figures.</param>
    /// <param name="error">Progress and problems.</param>
    public static async Task<int> RunAsync(Settings settings, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var bandwidth = MemoryBandwidth.CopyBytesPerSecond();
        await output.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, "memory copy bandwidth: {0:F2} GB/s; {1} cores",
            bandwidth / 1e9, Environment.ProcessorCount));
        var results = new List<BenchFigures>();
        foreach (var name in settings.Models)
        {
            ct.ThrowIfCancellationRequested();
            var folder = BenchModels.Resolve(name, settings.WorkDir, error);
            results.Add(Measure(name, folder, settings, bandwidth));
            await output.WriteLineAsync(BenchTable.Row(results[^1]));
        }
        await output.WriteLineAsync();
        await output.WriteLineAsync(BenchTable.Render(results));
        var json = JsonSerializer.Serialize(new
        {
            machine = new { cores = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription },
            copyGBs = bandwidth / 1e9,
            settings = new { settings.N, settings.NewTokens, settings.KvTokens, settings.Repeats },
            models = results.Select(BenchTable.ToJson),
        }, StoredJson.Options);
        await output.WriteLineAsync(json);
        if (settings.JsonOut is { } path) await File.WriteAllTextAsync(path, json, ct);
        return 0;
    }

    private static BenchFigures Measure(string name, string folder, Settings s, double bandwidth)
    {
        using var model = LanguageModel.Load(folder, DeviceKind.Cpu, variant: s.Variant);
        using var bare = new BareLoop(model.OnnxPath, model.Config);
        var request = new SearchRequest("Once upon a time", "Tom was a cat who loved to eat fish.", s.N, s.NewTokens, IgnoreEos: true);
        var contexts = ContextBuilder.Build(model, request.Question, request.Preference, request.Separator);
        var sampling = new GenerationRequest(contexts.With, s.N, s.NewTokens, new SamplingOptions(), 0, new HashSet<int>());

        // Each comparison runs its two sides alternately and keeps the best of the repeats: on a shared
        // 2-core machine noise only ever adds time, and alternation keeps drift out of the ratios.
        var bareB1 = Best(s.Repeats, () => bare.Generate(1, contexts.With.Length, s.NewTokens - 1).DecodeMs) / (s.NewTokens - 1);
        var bareB16 = Best(s.Repeats, () => bare.Generate(s.N, contexts.With.Length, s.NewTokens - 1).DecodeMs) / (s.NewTokens - 1);
        var bareForced = Best(s.Repeats, () => bare.Forced(s.N, s.NewTokens));
        var (bareBon, engineBon, samplingOnly, rearCost) = Best3(s.Repeats,
            () =>
            {
                var (prefix, decode) = bare.Generate(s.N, contexts.With.Length, s.NewTokens - 1);
                return prefix + decode + bare.Forced(s.N, contexts.Without.Length + s.NewTokens - 1);
            },
            () => BestOfN.Run(model, request).Timings.TotalMs,
            () => Time(() => BatchGenerator.Generate(model, sampling)));
        var sequential = Best(s.Repeats, () => Time(() =>
        {
            for (var i = 0; i < s.N; i++) BatchGenerator.Generate(model, sampling with { Count = 1, Seed = i });
        }));
        var cached = Best(s.Repeats, () => { var (p, d) = bare.Generate(1, contexts.With.Length, s.KvTokens - 1); return p + d; });
        var recompute = Best(Math.Min(s.Repeats, 2), () => bare.Recompute(contexts.With.Length, s.KvTokens));
        // DVTS against BoN at the same budget: 16 candidates, 128 tokens, EOS ignored so both run to length;
        // steps of 16 tokens (random models never write the "\n\n" stop string).
        var long128 = request with { MaxTokens = s.KvTokens };
        var (bon128, dvts128) = Best2(Math.Min(s.Repeats, 3),
            () => SearchRunner.Run(model, long128).Timings.TotalMs,
            () => SearchRunner.Run(model, long128 with { Method = "dvts", M = 4, StepTokens = 16 }).Timings.TotalMs);
        var sampled = BatchGenerator.Generate(model, sampling).Sequences.Select(q => q.TokenIds).ToArray();
        var scoring = ScoringBreakdown.Measure(model, contexts.Without, sampled, Math.Max(3, s.Repeats));
        var embeddingBytes = (long)model.Io.VocabSize * (model.Config.HiddenSize ?? 0) * 4;
        return new BenchFigures(name, model.Device, model.Variant.Bytes - embeddingBytes, bareB1, bareB16, bareForced, bareBon,
            engineBon, samplingOnly, samplingOnly, sequential, cached, recompute, bandwidth, bon128, dvts128)
            { Scoring = scoring, PairedRearCost = rearCost };
    }

    private static double Time(Action action)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Best(int repeats, Func<double> run)
    {
        run(); // warm-up: first-call allocations and ORT's lazy init are not what we measure
        return Enumerable.Range(0, repeats).Min(_ => run());
    }

    private static (double A, double B) Best2(int repeats, Func<double> a, Func<double> b)
    {
        var (x, y, _, _) = Best3(repeats, a, b, () => 1);
        return (x, y);
    }

    /// <summary>The best of each side, and the median of each repeat's own B ÷ C (drift between repeats stays out of it).</summary>
    private static (double A, double B, double C, double BOverC) Best3(int repeats, Func<double> a, Func<double> b, Func<double> c)
    {
        a(); b(); c();
        double ba = double.MaxValue, bb = double.MaxValue, bc = double.MaxValue;
        var ratios = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            // Sides may run on different sessions (the bare loop's, the engine's): each starts after a pause.
            SessionSettle.Pause();
            ba = Math.Min(ba, a());
            SessionSettle.Pause();
            var y = b();
            bb = Math.Min(bb, y);
            SessionSettle.Pause();
            var z = c();
            bc = Math.Min(bc, z);
            ratios.Add(y / z);
        }
        return (ba, bb, bc, ScoringBench.Median(ratios));
    }
}
