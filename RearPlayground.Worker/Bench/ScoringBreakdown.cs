using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Generation;

namespace RearPlayground.Worker.Bench;

/// <summary>
/// Where Best-of-N's teacher-forced pass (ℓ0 of the N sampled candidates under the context without the preference)
/// spends its time, medians over the repeats (ms): ORT's forward calls (the context's prefill and the pass), the
/// fused log-softmax + gather, the KV copies (fork, per-chunk gathers) and the rest.
/// </summary>
public sealed record ScoringBreakdown(double TotalMs, double ForwardMs, double LogProbsMs, double CopiesMs, double OtherMs)
{
    public static ScoringBreakdown Measure(LanguageModel model, int[] context, IReadOnlyList<int[]> sequences, int repeats)
    {
        TeacherForcer.Score(model, context, sequences); // warm-up
        var runs = Enumerable.Range(0, repeats).Select(_ =>
        {
            var profile = new PassProfile();
            TeacherForcer.Score(model, context, sequences, profile: profile);
            return profile;
        }).ToArray();
        return new ScoringBreakdown(Median(runs, p => p.TotalMs), Median(runs, p => p.ForwardMs), Median(runs, p => p.LogProbsMs),
            Median(runs, p => p.CopiesMs), Median(runs, p => p.OtherMs));
    }

    private static double Median(PassProfile[] runs, Func<PassProfile, double> figure)
    {
        var sorted = runs.Select(figure).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
