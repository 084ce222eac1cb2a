using System.Diagnostics;
using System.Globalization;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search;

namespace RearPlayground.Worker.Bench;

/// <summary>
/// <c>bench --scoring</c>: REAR's cost alone, for a busy machine: each repeat runs sampling only, Best-of-N (the README's story
/// preference, sampled with it, so ℓp comes from the sampler and ℓ0 from one teacher-forced pass) and a bare ORT teacher-forced
/// pass of the same shape back to back, and the figures are medians over the repeats (the ratio too: the median of each
/// repeat's own ratio, so drift between repeats stays out of it). Prints the ℓ0 pass's breakdown beside them. With
/// <c>--peer</c> each repeat also times the PyTorch-eager peer's scoring of the same tokens (<see cref="TorchPeer"/>).
/// </summary>
public static class ScoringBench
{
    public static async Task<int> RunAsync(BenchRunner.Settings s, TextWriter output, TextWriter error, CancellationToken ct, bool peer = false)
    {
        await output.WriteLineAsync($"{Environment.ProcessorCount} cores; N={s.N}, {s.NewTokens} tokens, EOS ignored; medians of {s.Repeats} repeats");
        foreach (var name in s.Models)
        {
            ct.ThrowIfCancellationRequested();
            using var model = LanguageModel.Load(BenchModels.Resolve(name, s.WorkDir, error), DeviceKind.Cpu, variant: s.Variant);
            using var bare = new BareLoop(model.OnnxPath, model.Config);
            var request = new SearchRequest("Once upon a time", "Tom was a cat who loved to eat fish.", s.N, s.NewTokens, IgnoreEos: true);
            var contexts = ContextBuilder.Build(model, request.Question, request.Preference, request.Separator);
            var sampling = new GenerationRequest(contexts.With, s.N, s.NewTokens, new SamplingOptions(), 0, new HashSet<int>());
            var sampled = BatchGenerator.Generate(model, sampling).Sequences.Select(q => q.TokenIds).ToArray();
            var forcedTokens = contexts.Without.Length + s.NewTokens - 1;
            using var torch = peer ? StartPeer(model, contexts.Without, sampled, error) : null;

            var samplingMs = new List<double>();
            var bonMs = new List<double>();
            var bareMs = new List<double>();
            var profiles = new List<PassProfile>();
            var scratchMs = new List<double>();
            var peerMs = new List<double>();
            for (var i = -1; i < s.Repeats; i++) // the first round warms up
            {
                // The engine's calls back to back, then the bare session and the peer, each after a pause (SessionSettle).
                SessionSettle.Pause();
                var a = Time(() => BatchGenerator.Generate(model, sampling));
                var b = BestOfN.Run(model, request).Timings.TotalMs;
                var profile = new PassProfile();
                TeacherForcer.Score(model, contexts.Without, sampled, profile: profile);
                var d = Time(() => TeacherForcer.ScoreFromScratch(model, contexts.Without, sampled, default));
                SessionSettle.Pause();
                var c = bare.Forced(s.N, forcedTokens);
                if (torch is not null) SessionSettle.Pause();
                var e = torch?.Time();
                if (torch is not null) SessionSettle.PauseAfterPeer();
                if (i < 0) continue;
                if (e is { } ms) peerMs.Add(ms);
                scratchMs.Add(d);
                samplingMs.Add(a);
                bonMs.Add(b);
                bareMs.Add(c);
                profiles.Add(profile);
            }
            var ratio = Median(bonMs.Zip(samplingMs, (b, a) => b / a));
            await output.WriteLineAsync(string.Format(CultureInfo.InvariantCulture,
                "{0}: sampling only {1:F1} ms, Best-of-N {2:F1} ms, BoN ÷ sampling {3:F3} (median of ratios); REAR's part {4:F1} ms; " +
                "ℓ0 pass {5:F1} ms = forward {6:F1} + log-softmax {7:F1} + copies {8:F1} + other {9:F1}; bare ORT forced {10} × {11} from empty {12:F1} ms; " +
                "the engine's pass from an empty cache {13:F1} ms",
                name, Median(samplingMs), Median(bonMs), ratio, Median(bonMs) - Median(samplingMs),
                Median(profiles.Select(p => p.TotalMs)), Median(profiles.Select(p => p.ForwardMs)), Median(profiles.Select(p => p.LogProbsMs)),
                Median(profiles.Select(p => p.CopiesMs)), Median(profiles.Select(p => p.OtherMs)), s.N, forcedTokens, Median(bareMs), Median(scratchMs)));
            if (torch is not null)
                await output.WriteLineAsync(string.Format(CultureInfo.InvariantCulture,
                    "{0}: PyTorch-eager peer ({1}) scoring {2} × {3} in one forward + log_softmax + gather {4:F1} ms; peer ÷ ℓ0 pass {5:F2}× " +
                    "(median of ratios); its log-probs within {6:E1} of the engine's",
                    name, torch.Description, s.N, contexts.Without.Length + s.NewTokens, Median(peerMs),
                    Median(peerMs.Zip(profiles, (p, e) => p / e.TotalMs)), torch.MaxDiff));
        }
        return 0;
    }

    private static TorchPeer? StartPeer(LanguageModel model, int[] context, int[][] sampled, TextWriter error)
    {
        var root = ModelLocator.FindSolutionRoot(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory();
        var expected = TeacherForcer.Score(model, context, sampled);
        return TorchPeer.Start(Path.Combine(root, "tools", "torch-peer.py"), model.OnnxPath, context, sampled, expected, error);
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
