using Microsoft.ML.OnnxRuntime;
using RearPlayground.Worker.Engine.Sampling;

namespace RearPlayground.Worker.Engine;

/// <summary>
/// Finds out at load whether a graph accepts several new tokens on top of a cache: three tokens from an empty cache
/// against the first token then the other two on its cache. A runtime error (onnxruntime-genai's older builder makes
/// its causal mask from the input length only, and Expand then fails) or a different answer means it cannot.
/// </summary>
internal static class CacheExtensionProbe
{
    /// <summary>Largest log-prob difference still taken as "the same numbers" (kernels for 1 and 2 rows may round differently).</summary>
    public const double Tolerance = 0.05;

    public static (bool CanExtend, string? Problem) Run(LanguageModel model)
    {
        if (model.MaxPositions < 3) return (true, null);
        var vocab = model.Io.VocabSize;
        int[] ids = [model.BosId is { } bos && bos < vocab ? bos : 0, 1 % vocab, 2 % vocab];
        float[] expected;
        using (var full = KvState.Empty(model, 1))
        using (var output = model.ForwardOnce(full, ids, 3))
            expected = LogSoftmax(output.Row(0, 2, new float[vocab]));

        using var cached = KvState.Empty(model, 1);
        model.ForwardOnce(cached, ids.AsSpan(0, 1), 1).Dispose();
        float[] actual;
        try
        {
            using var output = model.ForwardOnce(cached, ids.AsSpan(1), 2);
            actual = LogSoftmax(output.Row(0, 1, new float[vocab]));
        }
        catch (OnnxRuntimeException e)
        {
            return (false, e.Message.Split('\n')[0].Trim());
        }
        var difference = 0.0;
        // Entries either side masks to −∞ (or overflows) carry no comparable number.
        for (var i = 0; i < vocab; i++)
            if (float.IsFinite(expected[i]) && float.IsFinite(actual[i]))
                difference = Math.Max(difference, Math.Abs((double)expected[i] - actual[i]));
        return difference <= Tolerance
            ? (true, null)
            : (false, $"two tokens on a cache give log-probs {difference:g3} away from the same tokens without one");
    }

    private static float[] LogSoftmax(ReadOnlySpan<float> row)
    {
        var result = row.ToArray();
        var lse = LogProbs.LogSumExp(result);
        for (var i = 0; i < result.Length; i++) result[i] -= lse;
        return result;
    }
}
