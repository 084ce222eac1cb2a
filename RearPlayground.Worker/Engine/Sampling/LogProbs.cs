using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RearPlayground.Worker.Engine.Sampling;

/// <summary>
/// Log-softmax pieces, vectorised and fused: REAR needs log π(a|s) at temperature 1 for one token per row,
/// so the row is read twice (max, then Σ exp) and never written.
/// </summary>
public static class LogProbs
{
    /// <summary>log Σ exp(logits), stable.</summary>
    public static float LogSumExp(ReadOnlySpan<float> logits)
    {
        var max = TensorPrimitives.Max(logits);
        return max + MathF.Log(SumExp(logits, max, 1f));
    }

    /// <summary>
    /// log π(<paramref name="id"/>) = logit − log Σ exp(logits): one token's log-softmax without writing the row (its max,
    /// then its exponentials summed, the row read from cache the second time). Scoring's kernel (<see cref="FastExp"/>);
    /// the sampler keeps <see cref="SumExp"/>, so its draws do not move.
    /// </summary>
    public static float LogProbOf(ReadOnlySpan<float> logits, int id) => logits[id] - Normalizer(logits);

    /// <summary>log Σ exp(logits), stable, with scoring's kernel (<see cref="LogProbOf"/>).</summary>
    public static float Normalizer(ReadOnlySpan<float> logits)
    {
        var max = FastExp.Max(logits);
        return max + MathF.Log(FastExp.SumExpShifted(logits, max));
    }

    /// <summary>Σ exp((x − shift) · scale) without materialising the exponentials.</summary>
    public static float SumExp(ReadOnlySpan<float> x, float shift, float scale)
    {
        var i = 0;
        var sum = 0f;
        if (Vector256.IsHardwareAccelerated && x.Length >= 16)
        {
            ref var start = ref MemoryMarshal.GetReference(x);
            var vShift = Vector256.Create(shift);
            var vScale = Vector256.Create(scale);
            Vector256<float> a0 = Vector256<float>.Zero, a1 = Vector256<float>.Zero;
            for (; i <= x.Length - 16; i += 16)
            {
                a0 += Vector256.Exp((Vector256.LoadUnsafe(ref start, (nuint)i) - vShift) * vScale);
                a1 += Vector256.Exp((Vector256.LoadUnsafe(ref start, (nuint)(i + 8)) - vShift) * vScale);
            }
            sum = Vector256.Sum(a0 + a1);
        }
        for (; i < x.Length; i++) sum += MathF.Exp((x[i] - shift) * scale);
        return sum;
    }
}
