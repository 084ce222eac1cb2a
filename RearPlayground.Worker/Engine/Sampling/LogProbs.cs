using System.Numerics.Tensors;

namespace RearPlayground.Worker.Engine.Sampling;

/// <summary>Log-softmax pieces, vectorised: REAR needs log π(a|s) at temperature 1 for one token per row.</summary>
public static class LogProbs
{
    /// <summary>log Σ exp(logits), stable.</summary>
    public static float LogSumExp(ReadOnlySpan<float> logits, Span<float> scratch)
    {
        var max = TensorPrimitives.Max(logits);
        var shifted = scratch[..logits.Length];
        TensorPrimitives.Subtract(logits, max, shifted);
        TensorPrimitives.Exp(shifted, shifted);
        return max + MathF.Log(TensorPrimitives.Sum(shifted));
    }

    /// <summary>log softmax(logits)[token].</summary>
    public static float Of(ReadOnlySpan<float> logits, int token, Span<float> scratch) =>
        logits[token] - LogSumExp(logits, scratch);
}
