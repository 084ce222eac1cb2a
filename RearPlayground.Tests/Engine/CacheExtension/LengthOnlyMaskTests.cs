using Microsoft.ML.OnnxRuntime;
using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Generation;

namespace RearPlayground.Tests.Engine.CacheExtension;

/// <summary>
/// A graph whose causal mask comes from the input length only (onnxruntime-genai's older builder): the failure as
/// ONNX Runtime reports it, the load-time probe that finds it, and the engine's other route giving the same numbers.
/// </summary>
public class LengthOnlyMaskTests(AttentionPairFixture pair) : IClassFixture<AttentionPairFixture>
{
    private const double Tolerance = 1e-4;

    [Fact]
    public void Several_new_tokens_on_a_cache_fail_in_onnx_runtime_with_an_expand_shape_error()
    {
        using var session = new InferenceSession(Path.Combine(pair.LengthOnlyFiles.Folder, "model.onnx"));
        var dim = pair.LengthOnlyFiles.Weights.Dim;
        using var ok = Run(session, past: 0, seq: 3, dim);
        using var oneToken = Run(session, past: 2, seq: 1, dim);
        var e = Assert.Throws<OnnxRuntimeException>(() => Run(session, past: 2, seq: 2, dim));
        Assert.Contains("Expand", e.Message);
    }

    [Fact]
    public void The_probe_at_load_remembers_which_graph_can_extend_a_cache()
    {
        Assert.True(pair.Proper.CanExtendCache);
        Assert.Null(pair.Proper.CacheExtensionProblem);
        Assert.False(pair.LengthOnly.CanExtendCache);
        Assert.Contains("Expand", pair.LengthOnly.CacheExtensionProblem);
    }

    [Fact]
    public void A_multi_token_forward_on_a_cache_gives_the_same_logits_and_state_one_token_at_a_time()
    {
        int[] prefix = [0, 3, 4], next = [5, 6, 4, 5, 7, 8];
        bool[] valid = [true, true, true, true, false, false];
        var results = new List<(float[] Logits, long[] Mask, int Length)>();
        foreach (var model in new[] { pair.Proper, pair.LengthOnly })
        {
            using var root = KvState.Empty(model, 1);
            model.Forward(root, prefix, prefix.Length).Dispose();
            using var state = root.Replicate(2);
            using var output = model.Forward(state, next, 3, valid);
            var logits = Enumerable.Range(0, 2).SelectMany(r => Enumerable.Range(0, 3).SelectMany(p => output.Row(r, p).ToArray())).ToArray();
            // One more token afterwards shows the cache itself came out the same.
            using var after = model.Forward(state, [3, 3], 1);
            results.Add(([.. logits, .. after.Row(0, 0).ToArray(), .. after.Row(1, 0).ToArray()], [.. state.Mask], state.Length));
        }
        Assert.Equal(results[0].Mask, results[1].Mask);
        Assert.Equal(results[0].Length, results[1].Length);
        // Padding rows' logits are never read; compare the real positions only.
        var v = pair.Proper.Io.VocabSize;
        float[] Real(float[] all) => [.. all.Take(3 * v), .. all.Skip(3 * v).Take(v), .. all.Skip(6 * v)];
        AssertClose(Real(results[0].Logits), Real(results[1].Logits), Tolerance);
    }

    [Fact]
    public void Teacher_forcing_from_an_empty_cache_matches_the_forked_cache()
    {
        int[] context = [0, 3, 4, 5];
        int[][] sequences = [[6, 10, 2, 7], [8], [], [7, 8, 9, 1, 2, 3]];
        var forked = TeacherForcer.Score(pair.Proper, context, sequences);
        var scratch = TeacherForcer.Score(pair.LengthOnly, context, sequences);
        var scratchOnProper = TeacherForcer.ScoreFromScratch(pair.Proper, context, sequences, default);
        for (var i = 0; i < sequences.Length; i++)
        {
            AssertClose(forked[i], scratch[i], Tolerance);
            AssertClose(forked[i], scratchOnProper[i], Tolerance);
        }
    }

    private static IDisposableReadOnlyCollection<OrtValue> Run(InferenceSession session, int past, int seq, int dim)
    {
        var total = past + seq;
        using var ids = OrtValue.CreateTensorValueFromMemory(new long[seq], [1, seq]);
        using var mask = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, total).ToArray(), [1, total]);
        using var positions = OrtValue.CreateTensorValueFromMemory(Enumerable.Range(past, seq).Select(p => (long)p).ToArray(), [1, seq]);
        using var keys = OrtValue.CreateTensorValueFromMemory(new float[past * dim], [1, 1, past, dim]);
        using var values = OrtValue.CreateTensorValueFromMemory(new float[past * dim], [1, 1, past, dim]);
        var inputs = new Dictionary<string, OrtValue>
        {
            ["input_ids"] = ids, ["attention_mask"] = mask, ["position_ids"] = positions,
            ["past_key_values.0.key"] = keys, ["past_key_values.0.value"] = values,
        };
        using var options = new RunOptions();
        return session.Run(options, inputs, session.OutputNames);
    }

    internal static void AssertClose(IEnumerable<float> expected, IEnumerable<float> actual, double tolerance)
    {
        var e = expected.ToArray();
        var a = actual.ToArray();
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= tolerance, $"at {i}: {e[i]} vs {a[i]}");
    }
}
