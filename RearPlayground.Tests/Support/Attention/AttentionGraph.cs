namespace RearPlayground.Tests.Support.Attention;

/// <summary>How the graph builds its causal mask.</summary>
public enum MaskKind
{
    /// <summary>From past + new length (query i may see keys up to past + i): any pass on any cache works.</summary>
    Proper,
    /// <summary>
    /// As onnxruntime-genai's older builder: a [S, S] causal mask from the input length only, expanded to
    /// [B, 1, S, past + S]. Works with no cache or one new token; several new tokens on a cache fail in Expand.
    /// </summary>
    LengthOnly,
}

/// <summary>How the projections' weights are stored: one variant file each.</summary>
public enum WeightFormat
{
    /// <summary>model.onnx: float32 weights and IO.</summary>
    Fp32,
    /// <summary>model_fp16.onnx: float16 weights (cast up inside), float16 logits and KV.</summary>
    Fp16,
    /// <summary>model_q4.onnx: 4-bit blocks through com.microsoft MatMulNBits.</summary>
    Q4,
    /// <summary>model_int8.onnx: DynamicQuantizeLinear + MatMulInteger, as ONNX Runtime's quantize_dynamic writes.</summary>
    Int8,
}

/// <summary>
/// A one-layer, one-head decoder in the Hugging Face layout (input_ids, attention_mask, position_ids,
/// past_key_values.0.key/value → logits, present.0.key/value), built by hand for the engine's tests:
/// x = emb[id] + pos[p]; attention over past + new keys with the chosen mask; logits = table[id] + (x + attn·Wo)·Wout.
/// </summary>
public static class AttentionGraph
{
    public static byte[] Build(AttentionWeights w, MaskKind mask, WeightFormat format) => Graph(w, mask, format).ToModel();

    /// <summary>The graph with its larger weights in <paramref name="location"/> (e.g. model.onnx_data), returned in <paramref name="data"/>.</summary>
    public static byte[] BuildWithExternalData(AttentionWeights w, MaskKind mask, WeightFormat format, string location, out byte[] data) =>
        Graph(w, mask, format).ToModelWithExternalData(location, out data);

    private static OnnxGraphBuilder Graph(AttentionWeights w, MaskKind mask, WeightFormat format)
    {
        var g = new OnnxGraphBuilder("attention");
        var half = format == WeightFormat.Fp16;
        var io = half ? OnnxGraphBuilder.Float16 : OnnxGraphBuilder.Float;
        Constants(g, w);
        g.Op("Gather", ["emb", "input_ids"], ["x_tok"], ("axis", 0L))
            .Op("Gather", ["pos", "position_ids"], ["x_pos"], ("axis", 0L))
            .Op("Add", ["x_tok", "x_pos"], ["x"]);
        Linear(g, format, "x", "wq", w.Wq, w.Dim, w.Dim, "q");
        Linear(g, format, "x", "wk", w.Wk, w.Dim, w.Dim, "k");
        Linear(g, format, "x", "wv", w.Wv, w.Dim, w.Dim, "v");
        foreach (var t in new[] { "q", "k", "v" }) g.Op("Unsqueeze", [t, "ax1"], [t + "4"]);
        foreach (var (kind, fresh) in new[] { ("key", "k4"), ("value", "v4") })
        {
            var past = $"past_key_values.0.{kind}";
            if (half) g.Op("Cast", [past], [past + "_f"], ("to", (long)OnnxGraphBuilder.Float));
            g.Op("Concat", [half ? past + "_f" : past, fresh], [kind + "_all"], ("axis", 2L));
            if (half) g.Op("Cast", [kind + "_all"], [$"present.0.{kind}"], ("to", (long)OnnxGraphBuilder.Float16));
            else g.Op("Identity", [kind + "_all"], [$"present.0.{kind}"]);
        }
        if (mask == MaskKind.Proper) ProperMask(g); else LengthOnlyMask(g);
        g.Op("Transpose", ["key_all"], ["key_t"], ("perm", new long[] { 0, 1, 3, 2 }))
            .Op("MatMul", ["q4", "key_t"], ["qk"])
            .Op("Mul", ["qk", "scale"], ["qk_scaled"])
            .Op("Add", ["qk_scaled", "bias"], ["scores"])
            .Op("Softmax", ["scores"], ["weights"], ("axis", -1L))
            .Op("MatMul", ["weights", "value_all"], ["attn4"])
            .Op("Squeeze", ["attn4", "ax1"], ["attn"]);
        Linear(g, format, "attn", "wo", w.Wo, w.Dim, w.Dim, "attn_out");
        g.Op("Add", ["x", "attn_out"], ["h"]);
        Linear(g, format, "h", "wout", w.Wout, w.Dim, w.Vocab, "h_logits");
        g.Op("Gather", ["table", "input_ids"], ["markov"], ("axis", 0L))
            .Op("Add", ["markov", "h_logits"], ["logits_f"]);
        if (half) g.Op("Cast", ["logits_f"], ["logits"], ("to", (long)OnnxGraphBuilder.Float16));
        else g.Op("Identity", ["logits_f"], ["logits"]);

        return g.Input("input_ids", OnnxGraphBuilder.Int64, "batch", "seq")
            .Input("attention_mask", OnnxGraphBuilder.Int64, "batch", "total")
            .Input("position_ids", OnnxGraphBuilder.Int64, "batch", "seq")
            .Input("past_key_values.0.key", io, "batch", 1, "past", w.Dim)
            .Input("past_key_values.0.value", io, "batch", 1, "past", w.Dim)
            .Output("logits", io, "batch", "seq", w.Vocab)
            .Output("present.0.key", io, "batch", 1, "total", w.Dim)
            .Output("present.0.value", io, "batch", 1, "total", w.Dim);
    }

    private static void Constants(OnnxGraphBuilder g, AttentionWeights w)
    {
        g.FloatInitializer("table", [w.Vocab, w.Vocab], w.Table)
            .FloatInitializer("emb", [w.Vocab, w.Dim], w.Embedding)
            .FloatInitializer("pos", [w.MaxPositions, w.Dim], w.Positions)
            .FloatInitializer("scale", [], [1 / MathF.Sqrt(w.Dim)])
            .FloatInitializer("zero_f", [], [0f])
            .FloatInitializer("neg_big", [], [-1e9f])
            .Int64Initializer("ax0", [1], [0])
            .Int64Initializer("ax1", [1], [1])
            .Int64Initializer("ax01", [2], [0, 1])
            .Int64Initializer("ax12", [2], [1, 2])
            .Int64Initializer("one_1d", [1], [1])
            .Int64Initializer("zero_s", [], [0])
            .Int64Initializer("one_s", [], [1])
            .Int64Initializer("two_s", [], [2]);
    }

    // bias[b, 0, i, j] = 0 where query i (at past + i) may see key j, else −1e9.
    private static void ProperMask(OnnxGraphBuilder g) =>
        g.Op("Shape", ["attention_mask"], ["mask_shape"])
            .Op("Gather", ["mask_shape", "one_s"], ["total"], ("axis", 0L))
            .Op("Shape", ["input_ids"], ["ids_shape"])
            .Op("Gather", ["ids_shape", "one_s"], ["new"], ("axis", 0L))
            .Op("Sub", ["total", "new"], ["start"])
            .Op("Range", ["start", "total", "one_s"], ["qpos"])
            .Op("Range", ["zero_s", "total", "one_s"], ["kpos"])
            .Op("Unsqueeze", ["kpos", "ax0"], ["kpos_row"])
            .Op("Unsqueeze", ["qpos", "ax1"], ["qpos_col"])
            .Op("LessOrEqual", ["kpos_row", "qpos_col"], ["causal"])
            .Op("Cast", ["attention_mask"], ["mask_bool"], ("to", (long)OnnxGraphBuilder.Bool))
            .Op("Unsqueeze", ["mask_bool", "ax12"], ["mask4"])
            .Op("And", ["causal", "mask4"], ["allowed"])
            .Op("Where", ["allowed", "zero_f", "neg_big"], ["bias"]);

    // The older onnxruntime-genai shape: causal [S, S] from input_ids alone, Expand to [B, 1, S, past + S], plus the padding bias.
    private static void LengthOnlyMask(OnnxGraphBuilder g) =>
        g.Op("Shape", ["input_ids"], ["ids_shape"])
            .Op("Gather", ["ids_shape", "zero_s"], ["batch"], ("axis", 0L))
            .Op("Gather", ["ids_shape", "one_s"], ["seq"], ("axis", 0L))
            .Op("Shape", ["past_key_values.0.key"], ["past_shape"])
            .Op("Gather", ["past_shape", "two_s"], ["past"], ("axis", 0L))
            .Op("Add", ["seq", "past"], ["total"])
            .Op("Range", ["zero_s", "seq", "one_s"], ["cols"])
            .Op("Add", ["cols", "one_s"], ["cols_plus"])
            .Op("Unsqueeze", ["cols_plus", "ax1"], ["rows_limit"])
            .Op("Less", ["cols", "rows_limit"], ["causal"])
            .Op("Where", ["causal", "zero_f", "neg_big"], ["causal_bias"])
            .Op("Unsqueeze", ["causal_bias", "ax01"], ["causal4"])
            .Op("Unsqueeze", ["batch", "ax0"], ["batch_1d"])
            .Op("Unsqueeze", ["seq", "ax0"], ["seq_1d"])
            .Op("Unsqueeze", ["total", "ax0"], ["total_1d"])
            .Op("Concat", ["batch_1d", "one_1d", "seq_1d", "total_1d"], ["expand_shape"], ("axis", 0L))
            .Op("Expand", ["causal4", "expand_shape"], ["causal_full"])
            .Op("Cast", ["attention_mask"], ["mask_bool"], ("to", (long)OnnxGraphBuilder.Bool))
            .Op("Unsqueeze", ["mask_bool", "ax12"], ["mask4"])
            .Op("Where", ["mask4", "zero_f", "neg_big"], ["padding_bias"])
            .Op("Add", ["causal_full", "padding_bias"], ["bias"]);

    // output = input · W in the variant's storage.
    private static void Linear(OnnxGraphBuilder g, WeightFormat format, string input, string name, float[] w, int k, int n, string output)
    {
        switch (format)
        {
            case WeightFormat.Fp32:
                g.FloatInitializer(name, [k, n], w).Op("MatMul", [input, name], [output]);
                break;
            case WeightFormat.Fp16:
                g.Float16Initializer(name + "_h", [k, n], w)
                    .Op("Cast", [name + "_h"], [name], ("to", (long)OnnxGraphBuilder.Float))
                    .Op("MatMul", [input, name], [output]);
                break;
            case WeightFormat.Q4:
                var (packed, scales, blocks) = WeightQuantizer.Q4(w, k, n);
                g.UInt8Initializer(name + "_q4", [n, blocks, WeightQuantizer.BlockSize / 2], packed)
                    .FloatInitializer(name + "_scales", [n * blocks], scales)
                    .DomainNode(OnnxGraphBuilder.Microsoft, "MatMulNBits", [input, name + "_q4", name + "_scales"], [output],
                        ("K", (long)k), ("N", (long)n), ("bits", 4L), ("block_size", (long)WeightQuantizer.BlockSize));
                break;
            case WeightFormat.Int8:
                var (values, scale) = WeightQuantizer.Int8(w);
                g.Int8Initializer(name + "_q8", [k, n], values)
                    .Int8Initializer(name + "_zp", [], [0])
                    .FloatInitializer(name + "_scale", [], [scale])
                    .Op("DynamicQuantizeLinear", [input], [input + "_" + name + "_q", input + "_" + name + "_s", input + "_" + name + "_z"])
                    .Op("MatMulInteger", [input + "_" + name + "_q", name + "_q8", input + "_" + name + "_z", name + "_zp"], [output + "_i32"])
                    .Op("Cast", [output + "_i32"], [output + "_f"], ("to", (long)OnnxGraphBuilder.Float))
                    .Op("Mul", [input + "_" + name + "_s", name + "_scale"], [output + "_sc"])
                    .Op("Mul", [output + "_f", output + "_sc"], [output]);
                break;
        }
    }
}
