using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace RearPlayground.Worker.Engine;

/// <summary>
/// The decoder's input/output layout, read from the ONNX metadata: layer count, KV shape and dtype,
/// which optional inputs exist. Anything else is an "unsupported IO layout" error naming the file.
/// </summary>
public sealed partial record ModelIo(
    int Layers,
    int KvHeads,
    int HeadDim,
    TensorElementType KvType,
    TensorElementType LogitsType,
    int VocabSize,
    bool HasPositionIds,
    bool HasUseCacheBranch,
    string[] PastKeyNames,
    string[] PastValueNames,
    string[] PresentKeyNames,
    string[] PresentValueNames)
{
    public const string InputIds = "input_ids", AttentionMask = "attention_mask", PositionIds = "position_ids",
        UseCacheBranch = "use_cache_branch", Logits = "logits";

    public int KvElementSize => KvType == TensorElementType.Float16 ? 2 : 4;

    [GeneratedRegex(@"^past_key_values\.(\d+)\.(key|value)$|^past\.(\d+)\.(key|value)$")]
    private static partial Regex PastPattern();

    [GeneratedRegex(@"^present\.(\d+)\.(key|value)$|^present_key_values\.(\d+)\.(key|value)$")]
    private static partial Regex PresentPattern();

    public static ModelIo Read(InferenceSession session, ModelConfig config, string onnxPath)
    {
        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        ModelLoadException Unsupported(string what) => new($"unsupported IO layout in {onnxPath}: {what}");

        if (!inputs.TryGetValue(InputIds, out var ids) || ids.ElementDataType != TensorElementType.Int64)
            throw Unsupported("needs an int64 input 'input_ids'");
        if (!inputs.TryGetValue(AttentionMask, out var mask) || mask.ElementDataType != TensorElementType.Int64)
            throw Unsupported("needs an int64 input 'attention_mask'");
        if (!outputs.TryGetValue(Logits, out var logits)) throw Unsupported("needs an output 'logits'");
        var logitsType = logits!.ElementDataType;
        if (logitsType is not (TensorElementType.Float or TensorElementType.Float16))
            throw Unsupported($"logits are {logitsType}; only float32 and float16 are supported");

        var pastKeys = Collect(inputs.Keys, PastPattern(), "key");
        var pastValues = Collect(inputs.Keys, PastPattern(), "value");
        var presentKeys = Collect(outputs.Keys, PresentPattern(), "key");
        var presentValues = Collect(outputs.Keys, PresentPattern(), "value");
        var layers = pastKeys.Length;
        if (layers == 0) throw Unsupported("no KV-cache inputs (past_key_values.N.key/value): export the model with past (\"text-generation-with-past\")");
        if (pastValues.Length != layers || presentKeys.Length != layers || presentValues.Length != layers)
            throw Unsupported($"KV inputs/outputs do not pair up ({pastKeys.Length} past keys, {pastValues.Length} past values, {presentKeys.Length} present keys, {presentValues.Length} present values)");

        var kvMeta = inputs[pastKeys[0]];
        var kvType = kvMeta.ElementDataType;
        if (kvType is not (TensorElementType.Float or TensorElementType.Float16))
            throw Unsupported($"KV cache is {kvType}; only float32 and float16 are supported");
        var dims = kvMeta.Dimensions;
        if (dims.Length != 4) throw Unsupported($"KV input {pastKeys[0]} has rank {dims.Length}, expected [batch, kv_heads, past, head_dim]");
        int kvHeads = dims[1] > 0 ? dims[1] : config.NumKeyValueHeads ?? throw Unsupported("KV heads are symbolic and config.json has no num_key_value_heads");
        int headDim = dims[3] > 0 ? dims[3] : config.HeadDim ?? throw Unsupported("head size is symbolic and config.json has no head_dim/hidden_size");
        var vocab = logits.Dimensions.Length == 3 && logits.Dimensions[2] > 0 ? logits.Dimensions[2]
            : config.VocabSize ?? throw Unsupported("vocabulary size is symbolic and config.json has no vocab_size");

        return new ModelIo(layers, kvHeads, headDim, kvType, logitsType, vocab,
            inputs.ContainsKey(PositionIds), inputs.ContainsKey(UseCacheBranch),
            pastKeys, pastValues, presentKeys, presentValues);
    }

    // Names ordered by layer index; gaps are an error caught by the pairing check.
    private static string[] Collect(IEnumerable<string> names, Regex pattern, string kind) =>
        names.Select(n => (Name: n, Match: pattern.Match(n)))
            .Where(x => x.Match.Success && (x.Match.Groups[2].Value == kind || x.Match.Groups[4].Value == kind))
            .OrderBy(x => int.Parse(x.Match.Groups[1].Success && x.Match.Groups[1].Value.Length > 0 ? x.Match.Groups[1].Value : x.Match.Groups[3].Value))
            .Select(x => x.Name)
            .ToArray();
}
