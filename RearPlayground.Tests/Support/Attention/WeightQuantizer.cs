namespace RearPlayground.Tests.Support.Attention;

/// <summary>
/// Quantizes a float matrix W [K, N] (x · W) the way ONNX Runtime's tools lay it out: 4-bit blocks for
/// com.microsoft MatMulNBits, 8-bit per-tensor symmetric for MatMulInteger (as quantize_dynamic does).
/// </summary>
public static class WeightQuantizer
{
    public const int BlockSize = 16;

    /// <summary>
    /// MatMulNBits' B [N, blocks, BlockSize / 2] (two 4-bit values a byte, the lower k in the low nibble), one scale
    /// per (column, block) and the default zero point 8: w ≈ (q − 8) · scale.
    /// </summary>
    public static (byte[] Packed, float[] Scales, int Blocks) Q4(float[] w, int k, int n)
    {
        var blocks = (k + BlockSize - 1) / BlockSize;
        var blob = BlockSize / 2;
        var packed = new byte[n * blocks * blob];
        var scales = new float[n * blocks];
        for (var col = 0; col < n; col++)
            for (var b = 0; b < blocks; b++)
            {
                var max = 0f;
                for (var i = b * BlockSize; i < Math.Min(k, (b + 1) * BlockSize); i++) max = Math.Max(max, Math.Abs(w[i * n + col]));
                var scale = max == 0 ? 1 : max / 7;
                scales[col * blocks + b] = scale;
                for (var j = 0; j < BlockSize; j++)
                {
                    var row = b * BlockSize + j;
                    var q = row < k ? (int)Math.Clamp(Math.Round(w[row * n + col] / scale) + 8, 0, 15) : 8;
                    packed[(col * blocks + b) * blob + j / 2] |= (byte)(j % 2 == 0 ? q : q << 4);
                }
            }
        return (packed, scales, blocks);
    }

    /// <summary>int8 weights with zero point 0 and one scale: w ≈ q · scale.</summary>
    public static (sbyte[] Values, float Scale) Int8(float[] w)
    {
        var max = w.Max(Math.Abs);
        var scale = max == 0 ? 1 : max / 127;
        return (w.Select(x => (sbyte)Math.Clamp(Math.Round(x / scale), -127, 127)).ToArray(), scale);
    }
}
