using System.Runtime.CompilerServices;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using RearPlayground.Worker.Engine.Sampling;

namespace RearPlayground.Worker.Rear.Inspection;

/// <summary>
/// What the inspector reads from one row of logits: log-softmax values, a token's rank, the top k and the KL divergence
/// between two rows. Ties order by id (the lower first), so a token's rank and its place in the top k always agree.
/// </summary>
public static class NextTokenStats
{
    /// <summary>1 + the number of tokens ordered before <paramref name="id"/>: a higher logit, or the same one and a lower id.</summary>
    public static int Rank(ReadOnlySpan<float> logits, int id)
    {
        var chosen = logits[id];
        return 1 + Count(logits, chosen, equal: false) + Count(logits[..id], chosen, equal: true);
    }

    // How many entries are above (or equal to) the value: eight lanes compared at a time, their mask bits counted.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: fully optimised in Debug builds too
    private static int Count(ReadOnlySpan<float> x, float value, bool equal)
    {
        var count = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var v = Vector256.Create(value);
            ref var start = ref MemoryMarshal.GetReference(x);
            for (; i <= x.Length - 8; i += 8)
            {
                var lanes = Vector256.LoadUnsafe(ref start, (nuint)i);
                var mask = equal ? Vector256.Equals(lanes, v) : Vector256.GreaterThan(lanes, v);
                count += BitOperations.PopCount(mask.ExtractMostSignificantBits());
            }
        }
        for (; i < x.Length; i++)
            if (equal ? x[i] == value : x[i] > value) count++;
        return count;
    }

    /// <summary>The <paramref name="k"/> most likely ids with their log-probs (logit − <paramref name="logSumExp"/>), most likely first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: fully optimised in Debug builds too
    public static (int Id, float LogProb)[] Top(ReadOnlySpan<float> logits, int k, float logSumExp)
    {
        k = Math.Min(k, logits.Length);
        var ids = new int[k];
        var values = new float[k];
        var count = 0;
        ref var start = ref MemoryMarshal.GetReference(logits);
        for (var i = 0; i < logits.Length; i++)
        {
            // Once k are held, a block of eight with none above the k-th is skipped whole: a vocabulary-wide row is
            // mostly that, and the scan below would skip each of them too.
            if (k > 0 && count == k && (i & 7) == 0 && i <= logits.Length - 8 && Vector256.IsHardwareAccelerated
                && Vector256.LessThanOrEqualAll(Vector256.LoadUnsafe(ref start, (nuint)i), Vector256.Create(values[k - 1])))
            {
                i += 7;
                continue;
            }
            var v = logits[i];
            // Scanning ids upward, a tie never displaces an earlier id.
            if (count == k && v <= values[k - 1]) continue;
            var at = count < k ? count++ : k - 1;
            while (at > 0 && values[at - 1] < v)
            {
                values[at] = values[at - 1];
                ids[at] = ids[at - 1];
                at--;
            }
            values[at] = v;
            ids[at] = i;
        }
        return [.. Enumerable.Range(0, count).Select(j => (ids[j], values[j] - logSumExp))];
    }

    /// <summary>
    /// KL(p ‖ q) = Σ p (log p − log q) of the softmaxes of two logit rows, in nats, never below 0 (rounding). On AVX-512 one
    /// fused read of both rows (<see cref="FastExp.WeightedSumExpShifted"/>); elsewhere <paramref name="scratch"/> and
    /// <paramref name="scratch2"/> hold a row each.
    /// </summary>
    public static double Kl(ReadOnlySpan<float> p, float lseP, ReadOnlySpan<float> q, float lseQ, Span<float> scratch, Span<float> scratch2)
    {
        // Σ p·(log p − log q) = Σ p·(p_logit − q_logit) − lseP + lseQ, as Σ p = 1.
        if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
            return Math.Max(0, (double)FastExp.WeightedSumExpShifted(p, lseP, q) - lseP + lseQ);
        var n = p.Length;
        var probs = scratch[..n];
        var diff = scratch2[..n];
        TensorPrimitives.Subtract(p, lseP, probs);
        TensorPrimitives.Exp(probs, probs);
        TensorPrimitives.Subtract(p, q, diff);
        var kl = (double)TensorPrimitives.Dot(probs, diff) - lseP + lseQ;
        return Math.Max(0, kl);
    }

    public static float LogSumExp(ReadOnlySpan<float> logits) => LogProbs.Normalizer(logits);
}
