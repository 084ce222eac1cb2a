using System.Numerics.Tensors;

namespace RearPlayground.Worker.Engine.Sampling;

/// <summary>
/// Draws one token from a row of logits with temperature, top-k and top-p, and returns the
/// token's untempered log-probability (what REAR scores). Owns scratch buffers: one per thread.
/// </summary>
public sealed class TokenSampler(int vocab)
{
    // Inverse-CDF search: Σ exp per block first (vectorised, nothing stored), then one block scanned.
    private const int Block = 512;
    private readonly float[] _blockSums = new float[(vocab + Block - 1) / Block];
    private readonly float[] _tempered = new float[vocab];
    private readonly int[] _order = new int[vocab];
    private readonly float[] _keys = new float[vocab];

    public (int Token, float LogProb) Sample(ReadOnlySpan<float> logits, SamplingOptions options, SeededRandom random)
    {
        var n = logits.Length;
        var max = TensorPrimitives.Max(logits);
        int token;
        float lse;
        if (options.IsGreedy)
        {
            token = TensorPrimitives.IndexOfMax(logits);
            lse = max + MathF.Log(LogProbs.SumExp(logits, max, 1f));
        }
        else if (!Filtered(options, n))
        {
            var scale = (float)(1.0 / options.Temperature);
            var total = BlockSums(logits, max, scale);
            lse = max + MathF.Log(scale == 1f ? total : LogProbs.SumExp(logits, max, 1f));
            token = Pick(logits, max, scale, total, random);
        }
        else
        {
            lse = max + MathF.Log(LogProbs.SumExp(logits, max, 1f));
            token = DrawFiltered(logits, max, options, random);
        }
        return (token, logits[token] - lse);
    }

    private static bool Filtered(SamplingOptions o, int n) => o.TopK > 0 && o.TopK < n || o.TopP < 1.0;

    private float BlockSums(ReadOnlySpan<float> logits, float max, float scale)
    {
        var total = 0f;
        for (var b = 0; b * Block < logits.Length; b++)
        {
            var start = b * Block;
            total += _blockSums[b] = LogProbs.SumExp(logits.Slice(start, Math.Min(Block, logits.Length - start)), max, scale);
        }
        return total;
    }

    private int Pick(ReadOnlySpan<float> logits, float max, float scale, float total, SeededRandom random)
    {
        var u = random.NextDouble() * total;
        double acc = 0;
        var b = 0;
        for (; b < _blockSums.Length - 1 && u >= acc + _blockSums[b]; b++) acc += _blockSums[b];
        var end = Math.Min(logits.Length, (b + 1) * Block);
        for (var i = b * Block; i < end; i++)
        {
            acc += MathF.Exp((logits[i] - max) * scale);
            if (u < acc) return i;
        }
        // Rounding left u past the block's end: take its most likely token.
        return b * Block + TensorPrimitives.IndexOfMax(logits[(b * Block)..end]);
    }

    private int DrawFiltered(ReadOnlySpan<float> logits, float max, SamplingOptions options, SeededRandom random)
    {
        var n = logits.Length;
        var probs = _tempered.AsSpan(0, n);
        TensorPrimitives.Subtract(logits, max, probs);
        TensorPrimitives.Multiply(probs, (float)(1.0 / options.Temperature), probs);
        TensorPrimitives.Exp(probs, probs);
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
}
