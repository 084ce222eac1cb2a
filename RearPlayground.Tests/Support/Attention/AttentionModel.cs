using System.Text.Json;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Tests.Support.Attention;

/// <summary>
/// A temp model folder holding <see cref="AttentionGraph"/> exports of one set of weights: either a plain
/// <c>model.onnx</c> at the top, or several variants under <c>onnx/</c> as onnx-community repositories lay them out
/// (model.onnx, model_fp16.onnx, model_q4.onnx, model_int8.onnx), with config, generation config and the Stories
/// tokenizer files beside them.
/// </summary>
public sealed class AttentionModel : IDisposable
{
    public static readonly IReadOnlyDictionary<WeightFormat, string> FileNames = new Dictionary<WeightFormat, string>
    {
        [WeightFormat.Fp32] = "model.onnx",
        [WeightFormat.Fp16] = "model_fp16.onnx",
        [WeightFormat.Q4] = "model_q4.onnx",
        [WeightFormat.Int8] = "model_int8.onnx",
    };

    public string Folder { get; }
    public AttentionWeights Weights { get; }

    private AttentionModel(string folder, AttentionWeights weights)
    {
        Folder = folder;
        Weights = weights;
    }

    /// <summary>One model.onnx at the top of the folder.</summary>
    public static AttentionModel Create(MaskKind mask = MaskKind.Proper, int seed = 7) =>
        Create(mask, seed, underOnnx: false, [WeightFormat.Fp32]);

    /// <summary>The given variants under onnx/, as a hub repository holds them.</summary>
    public static AttentionModel CreateVariants(MaskKind mask, params WeightFormat[] formats) =>
        Create(mask, 7, underOnnx: true, formats);

    /// <summary>fp32 with its weights in onnx/model.onnx_data, plus the given other variants.</summary>
    public static AttentionModel CreateWithExternalData(MaskKind mask, params WeightFormat[] others) =>
        Create(mask, 7, underOnnx: true, [WeightFormat.Fp32, .. others], externalData: true);

    private static AttentionModel Create(MaskKind mask, int seed, bool underOnnx, WeightFormat[] formats, bool externalData = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rear-attention-" + Guid.NewGuid().ToString("N"));
        var weights = AttentionWeights.Create(seed);
        WriteFiles(folder, weights, mask, underOnnx, formats, externalData);
        return new AttentionModel(folder, weights);
    }

    /// <summary>
    /// Writes the folder's files (also used to fill a fake hub repository). With <paramref name="externalData"/> the
    /// fp32 variant keeps its larger weights in model.onnx_data beside it, as large exports do.
    /// </summary>
    public static void WriteFiles(string folder, AttentionWeights weights, MaskKind mask, bool underOnnx, WeightFormat[] formats, bool externalData = false)
    {
        var onnxFolder = underOnnx ? Path.Combine(folder, "onnx") : folder;
        Directory.CreateDirectory(onnxFolder);
        foreach (var format in formats)
        {
            var file = Path.Combine(onnxFolder, FileNames[format]);
            if (externalData && format == WeightFormat.Fp32)
            {
                var location = FileNames[format] + "_data";
                File.WriteAllBytes(file, AttentionGraph.BuildWithExternalData(weights, mask, format, location, out var data));
                File.WriteAllBytes(Path.Combine(onnxFolder, location), data);
            }
            else File.WriteAllBytes(file, AttentionGraph.Build(weights, mask, format));
        }
        var vocab = AttentionWeights.Vocabulary;
        File.WriteAllText(Path.Combine(folder, "config.json"), Config(weights));
        File.WriteAllText(Path.Combine(folder, "generation_config.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["bos_token_id"] = MarkovModel.StoriesBosId,
            ["eos_token_id"] = MarkovModel.StoriesEosId,
        }));
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), MarkovModelFiles.TokenizerJson(vocab, MarkovModel.StoriesBosId, MarkovModel.StoriesEosId));
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), MarkovModelFiles.TokenizerConfig(vocab, MarkovModel.StoriesBosId, MarkovModel.StoriesEosId));
    }

    private static string Config(AttentionWeights w) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["model_type"] = "tiny-attention",
        ["bos_token_id"] = MarkovModel.StoriesBosId,
        ["eos_token_id"] = MarkovModel.StoriesEosId,
        ["vocab_size"] = w.Vocab,
        ["max_position_embeddings"] = w.MaxPositions,
        ["num_hidden_layers"] = 1,
        ["num_attention_heads"] = 1,
        ["num_key_value_heads"] = 1,
        ["hidden_size"] = w.Dim,
        ["head_dim"] = w.Dim,
    });

    public LanguageModel Load(string? variant = null) => LanguageModel.Load(Folder, DeviceKind.Cpu, variant: variant);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A session still holding a file (Windows) leaves a few KB in temp.
        }
    }
}
