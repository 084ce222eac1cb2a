using System.Numerics.Tensors;

namespace RearPlayground.Worker.Engine.Sampling;

/// <summary>
/// REAR-guided decoding's next-token distribution: the log-softmax of each context's logits mixed as
/// (1 − λ_g) · log p0 + λ_g · log pp (the per-token REAR reward, classifier-free-guidance form). The mix is a row of
/// unnormalised log-probs: temperature, top-k and top-p apply to it as to any logits row.
/// </summary>
public static class GuidanceMix
{
    public const double DefaultGuidance = 3;

    /// <summary>Writes the mixed row into <paramref name="mixed"/>; answers log Σ exp of each input row (their log-softmax shifts).</summary>
    public static (float LseWithout, float LseWith) Mix(ReadOnlySpan<float> without, ReadOnlySpan<float> with, double guidance, Span<float> mixed)
    {
        var lse0 = LogProbs.LogSumExp(without);
        var lseP = LogProbs.LogSumExp(with);
        var g = (float)guidance;
        var a = (float)(1 - guidance);
        // a · (x0 − lse0) + g · xp − g · lseP, vectorised in three passes over the row.
        TensorPrimitives.Subtract(without, lse0, mixed);
        TensorPrimitives.Multiply(mixed, a, mixed);
        TensorPrimitives.MultiplyAdd(with, g, mixed, mixed);
        TensorPrimitives.Subtract(mixed, g * lseP, mixed);
        return (lse0, lseP);
    }
}
