using System.Numerics.Tensors;
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
        var before = 0;
        for (var i = 0; i < logits.Length; i++)
            if (logits[i] > chosen || (logits[i] == chosen && i < id)) before++;
        return before + 1;
    }

    /// <summary>The <paramref name="k"/> most likely ids with their log-probs (logit − <paramref name="logSumExp"/>), most likely first.</summary>
    public static (int Id, float LogProb)[] Top(ReadOnlySpan<float> logits, int k, float logSumExp)
    {
        k = Math.Min(k, logits.Length);
        var ids = new int[k];
        var values = new float[k];
        var count = 0;
        for (var i = 0; i < logits.Length; i++)
        {
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
    /// KL(p ‖ q) = Σ p (log p − log q) of the softmaxes of two logit rows, in nats, never below 0 (rounding).
    /// <paramref name="scratch"/> and <paramref name="scratch2"/> hold a row each.
    /// </summary>
    public static double Kl(ReadOnlySpan<float> p, float lseP, ReadOnlySpan<float> q, float lseQ, Span<float> scratch, Span<float> scratch2)
    {
        var n = p.Length;
        var probs = scratch[..n];
        var diff = scratch2[..n];
        TensorPrimitives.Subtract(p, lseP, probs);
        TensorPrimitives.Exp(probs, probs);
        TensorPrimitives.Subtract(p, q, diff);
        // Σ p·(log p − log q) = Σ p·(p_logit − q_logit) − lseP + lseQ, as Σ p = 1.
        var kl = (double)TensorPrimitives.Dot(probs, diff) - lseP + lseQ;
        return Math.Max(0, kl);
    }

    public static float LogSumExp(ReadOnlySpan<float> logits) => LogProbs.Normalizer(logits);
}
