using System.Numerics.Tensors;

namespace RearPlayground.Worker.Engine.Sampling;

/// <summary>
/// Draws one token from a row of logits with temperature, top-k and top-p, and returns the
/// token's untempered log-probability (what REAR scores). Owns scratch buffers: one per thread.
/// </summary>
public sealed class TokenSampler(int vocab)
{
    private readonly float[] _scratch = new float[vocab];
    private readonly int[] _order = new int[vocab];
    private readonly float[] _keys = new float[vocab];

    public (int Token, float LogProb) Sample(ReadOnlySpan<float> logits, SamplingOptions options, SeededRandom random)
    {
        var lse = LogProbs.LogSumExp(logits, _scratch);
        var token = options.IsGreedy ? TensorPrimitives.IndexOfMax(logits) : Draw(logits, options, random);
        return (token, logits[token] - lse);
    }

    private int Draw(ReadOnlySpan<float> logits, SamplingOptions options, SeededRandom random)
    {
        var n = logits.Length;
        var probs = _scratch.AsSpan(0, n);
        var max = TensorPrimitives.Max(logits);
        if (options.Temperature == 1.0)
        {
            TensorPrimitives.Subtract(logits, max, probs);
        }
        else
        {
            TensorPrimitives.Subtract(logits, max, probs);
            TensorPrimitives.Multiply(probs, (float)(1.0 / options.Temperature), probs);
        }
        TensorPrimitives.Exp(probs, probs);

        var filtered = options.TopK > 0 && options.TopK < n || options.TopP < 1.0;
        if (!filtered) return Pick(probs, TensorPrimitives.Sum(probs), random);

        // Sort indices by probability, descending; keep the top-k, then the smallest prefix reaching top-p.
        for (var i = 0; i < n; i++) { _order[i] = i; _keys[i] = -probs[i]; }
        Array.Sort(_keys, _order, 0, n);
        var keep = options.TopK > 0 ? Math.Min(options.TopK, n) : n;
        double total = 0;
        for (var i = 0; i < keep; i++) total += probs[_order[i]];
        if (options.TopP < 1.0)
        {
            double cumulative = 0, limit = options.TopP * total;
            for (var i = 0; i < keep; i++)
            {
                cumulative += probs[_order[i]];
                if (cumulative >= limit) { keep = i + 1; total = cumulative; break; }
            }
        }
        var u = random.NextDouble() * total;
        double acc = 0;
        for (var i = 0; i < keep; i++)
        {
            acc += probs[_order[i]];
            if (u < acc) return _order[i];
        }
        return _order[keep - 1];
    }

    private static int Pick(ReadOnlySpan<float> probs, float total, SeededRandom random)
    {
        var u = random.NextDouble() * total;
        double acc = 0;
        for (var i = 0; i < probs.Length; i++)
        {
            acc += probs[i];
            if (u < acc) return i;
        }
        // Rounding left u beyond the sum: take the last token with mass.
        for (var i = probs.Length - 1; i >= 0; i--) if (probs[i] > 0) return i;
        return 0;
    }
}
