using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Engine.Sampling;

namespace RearPlayground.Tests.Engine.Generation;

/// <summary>
/// The teacher-forced passes' log-probs (fused max + exp-sum kernel, logits read in place, rows spread over the cores)
/// against a straightforward computation in this test: each row run alone from an empty cache, its whole log-softmax
/// taken in double. On a random float32 model, with rows left-padded in the cache and right-padded in the step, within
/// 1e-5. A float16 model's logits themselves differ in their last bits between calls of other shapes (a float16 step is 1/64 at 30), so there the kernel is
/// held to 1e-5 on the same call's logits and the passes to 0.03.
/// </summary>
public class ScoringExactnessTests
{
    private const double Tolerance = 1e-5;

    // Contexts of different lengths (so a shared state left-pads them) and responses of different lengths.
    private static readonly int[][] Contexts = [[1, 17, 40, 300, 9, 77], [1, 5], [1, 250, 3, 90]];
    private static readonly int[][] Responses = [[12, 400, 7, 7, 31, 2], [88], [5, 6, 301, 44, 120, 9, 510, 3, 17]];

    public static TheoryData<string, double> Models => new() { { SharedModels.Random, Tolerance }, { SharedModels.Fp16, 0.03 } };

    [Theory]
    [MemberData(nameof(Models))]
    public void Step_forcing_on_a_left_padded_cache_matches_a_plain_log_softmax(string folder, double tolerance)
    {
        using var model = LanguageModel.Load(folder, DeviceKind.Cpu);
        var rows = Contexts.Length;
        var width = Contexts.Max(c => c.Length) - 1;
        var tokens = new int[rows * width];
        var valid = new bool[rows * width];
        for (var r = 0; r < rows; r++)
        {
            var known = Contexts[r][..^1];
            var pad = width - known.Length;
            known.CopyTo(tokens.AsSpan(r * width + pad));
            valid.AsSpan(r * width + pad, known.Length).Fill(true);
        }
        using var state = KvState.Empty(model, rows);
        model.Forward(state, tokens, width, valid).Dispose();
        var scored = StepForcer.Score(model, state, Contexts.Select(c => c[^1]).ToArray(), Responses, default);

        for (var r = 0; r < rows; r++) AssertClose(Reference(model, Contexts[r], Responses[r]), scored[r], $"row {r}", tolerance);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Teacher_forcing_from_a_forked_context_and_from_scratch_match_a_plain_log_softmax(string folder, double tolerance)
    {
        using var model = LanguageModel.Load(folder, DeviceKind.Cpu);
        var context = Contexts[0];
        var forked = TeacherForcer.Score(model, context, Responses);
        var scratch = TeacherForcer.ScoreFromScratch(model, context, Responses, default);
        for (var r = 0; r < Responses.Length; r++)
        {
            var expected = Reference(model, context, Responses[r]);
            AssertClose(expected, forked[r], $"forked row {r}", tolerance);
            AssertClose(expected, scratch[r], $"from scratch row {r}", tolerance);
        }
    }

    [Fact]
    public void A_pass_wide_enough_to_run_on_every_core_matches_a_plain_log_softmax()
    {
        // 48 responses × 40 tokens × 512: above RowParallel's threshold, so the rows are shared between the cores.
        using var model = LanguageModel.Load(SharedModels.Random, DeviceKind.Cpu);
        var random = new Random(7);
        var responses = Enumerable.Range(0, 48).Select(_ => Enumerable.Range(0, 40).Select(_ => random.Next(3, 512)).ToArray()).ToArray();
        var scored = TeacherForcer.Score(model, Contexts[2], responses);
        foreach (var r in new[] { 0, 17, 47 }) AssertClose(Reference(model, Contexts[2], responses[r]), scored[r], $"row {r}");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void The_kernel_matches_a_plain_log_softmax_on_the_same_logits(string folder, double _)
    {
        using var model = LanguageModel.Load(folder, DeviceKind.Cpu);
        int[] full = [.. Contexts[0], .. Responses[2]];
        using var state = KvState.Empty(model, 1);
        using var output = model.Forward(state, full, full.Length);
        var scratch = new float[model.Io.VocabSize];
        for (var p = 0; p < full.Length - 1; p++)
        {
            var row = output.Row(0, p, scratch);
            var expected = LogSoftmaxAt(row.ToArray(), full[p + 1]);
            var actual = LogProbs.LogProbOf(row, full[p + 1]);
            Assert.True(Math.Abs(expected - actual) < Tolerance, $"position {p}: expected {expected:R}, got {actual:R}");
        }
    }

    /// <summary>log π(response[t] | context + response[..t]): one row, no cache, no padding, log-softmax in double.</summary>
    private static double[] Reference(LanguageModel model, int[] context, int[] response)
    {
        int[] full = [.. context, .. response];
        using var state = KvState.Empty(model, 1);
        using var output = model.Forward(state, full, full.Length);
        var result = new double[response.Length];
        var scratch = new float[model.Io.VocabSize];
        for (var t = 0; t < response.Length; t++)
            result[t] = LogSoftmaxAt(output.Row(0, context.Length - 1 + t, scratch).ToArray(), response[t]);
        return result;
    }

    private static double LogSoftmaxAt(float[] logits, int id)
    {
        double max = logits.Max();
        var sum = logits.Sum(x => Math.Exp(x - max));
        return logits[id] - (max + Math.Log(sum));
    }

    private static void AssertClose(double[] expected, float[] actual, string what, double tolerance = Tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var t = 0; t < expected.Length; t++)
            Assert.True(Math.Abs(expected[t] - actual[t]) < tolerance, $"{what}, token {t}: expected {expected[t]:R}, got {actual[t]:R}");
    }
}
