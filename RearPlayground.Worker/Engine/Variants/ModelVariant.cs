namespace RearPlayground.Worker.Engine.Variants;

/// <summary>
/// One ONNX decoder file of a model folder. <see cref="Name"/> is what <c>--variant</c> takes: the file name's
/// suffix as onnx-community names them (model_q4.onnx → "q4", model.onnx → "fp32"), or the file's own name for
/// other exports (onnxruntime-genai's). <see cref="Bytes"/> counts the external data files too.
/// </summary>
public sealed record ModelVariant(string Name, string RelativePath, string Path, long Bytes, VariantKind Kind,
    OnnxFileFacts? Facts, string? FactsError)
{
    /// <summary>The ONNX file followed by its external data files: what the weights are.</summary>
    public IReadOnlyList<string> Files => [Path, .. (Facts?.ExternalFiles ?? []).Select(f => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, f))];

    /// <summary>"KV float16 · logits float16 · weights float16 100%" (what the file says, not the name).</summary>
    public string ElementTypes => Facts is not { } f ? FactsError ?? "unknown"
        : $"KV {f.KvType ?? "?"} · logits {f.LogitsType ?? "?"} · weights {f.WeightSummary}";
}

/// <summary>What a variant is, for the default pick: from its operators and IO types, else from its name.</summary>
public enum VariantKind { Fp32, Fp16, Q4, Q4F16, Int8, Bnb4, Other }
