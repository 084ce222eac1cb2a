namespace RearPlayground.Worker.Engine.Variants;

/// <summary>
/// What an ONNX file says about itself without a session: the IO element types (KV cache, logits), the weights'
/// element types by size, the quantized operators it uses and its external data files. Read by stepping through
/// the protobuf (weights are skipped, never read), so listing a folder of large variants stays cheap.
/// </summary>
public sealed record OnnxFileFacts(
    string? KvType,
    string? LogitsType,
    IReadOnlyList<(string Type, long Bytes)> Weights,
    IReadOnlyList<string> QuantizedOps,
    IReadOnlyList<string> ExternalFiles)
{
    private static readonly string[] QuantOps =
    [
        "MatMulNBits", "MatMulBnb4", "GatherBlockQuantized", "MatMulInteger", "QLinearMatMul", "DynamicQuantizeMatMul",
        "MatMulIntegerToFloat", "DequantizeLinear", "QuantizeLinear",
    ];

    /// <summary>Weight element types, largest share first, e.g. "int4 (MatMulNBits) 61% · float32 39%".</summary>
    public string WeightSummary
    {
        get
        {
            var total = Weights.Sum(w => w.Bytes);
            if (total == 0) return "none";
            // Shape constants and the like (int64, under 1 %) are no weights worth naming.
            return string.Join(" · ", Weights.Where(w => w.Bytes * 100 >= total).Select(w => $"{w.Type} {Math.Round(100.0 * w.Bytes / total)}%"));
        }
    }

    public static OnnxFileFacts Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var reader = new ProtoStreamReader(stream);
        var scan = new OnnxGraphScan();
        while (reader.NextTag(stream.Length) is var (field, wire))
        {
            if (field == 7 && wire == 2) scan.Graph(reader, reader.MessageEnd());
            else reader.Skip(wire);
        }
        return scan.ToFacts();
    }

    internal static bool IsQuantizedOp(string op) => QuantOps.Contains(op);
}
