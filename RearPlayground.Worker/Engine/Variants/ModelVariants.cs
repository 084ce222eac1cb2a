using System.Text.Json;
using System.Text.RegularExpressions;

namespace RearPlayground.Worker.Engine.Variants;

/// <summary>
/// The variants of a model folder: every <c>model*.onnx</c> and <c>decoder_model_merged*.onnx</c> at the top or under
/// <c>onnx/</c>, plus the decoder named by onnxruntime-genai's <c>genai_config.json</c>, plus a lone other
/// <c>*.onnx</c> at the top. Without a choice, <see cref="Pick"/> takes the first in the device's order:
/// CUDA fp16, q4f16, fp32, q4, int8, bnb4; CPU fp32, q4, int8, q4f16, fp16, bnb4; others last.
/// </summary>
public static partial class ModelVariants
{
    internal static readonly VariantKind[] CudaOrder = [VariantKind.Fp16, VariantKind.Q4F16, VariantKind.Fp32, VariantKind.Q4, VariantKind.Int8, VariantKind.Bnb4, VariantKind.Other];
    internal static readonly VariantKind[] CpuOrder = [VariantKind.Fp32, VariantKind.Q4, VariantKind.Int8, VariantKind.Q4F16, VariantKind.Fp16, VariantKind.Bnb4, VariantKind.Other];

    [GeneratedRegex(@"^(model|decoder_model_merged)(_(?<suffix>[A-Za-z0-9_]+))?\.onnx$")]
    private static partial Regex DecoderFile();

    /// <summary>Every variant, in folder order (top before onnx/, model before decoder_model_merged, then by name).</summary>
    /// <remarks>Reading a file's facts parses its graph: the answer is kept per folder until a file there changes (name,
    /// size or time), since every run asks twice (at submit and at start) and must not pay for it.</remarks>
    public static IReadOnlyList<ModelVariant> List(string folder)
    {
        folder = Path.GetFullPath(folder);
        var signature = Signature(folder);
        if (Known.TryGetValue(folder, out var known) && known.Signature == signature) return known.Variants;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        IReadOnlyList<ModelVariant> variants = [.. Files(folder).Select(f => Describe(folder, f, names))];
        Known[folder] = (signature, variants);
        return variants;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Signature, IReadOnlyList<ModelVariant> Variants)> Known = new();

    // Every file at the top and under onnx/ (ONNX files, external data, genai_config.json), by name, size and time.
    private static string Signature(string folder)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var dir in new[] { folder, Path.Combine(folder, "onnx") })
        {
            if (!Directory.Exists(dir)) continue;
            foreach (var f in new DirectoryInfo(dir).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
                sb.Append(f.FullName).Append('|').Append(f.Length).Append('|').Append(f.LastWriteTimeUtc.Ticks).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The variants' ONNX files only (no file is opened): enough to tell whether a folder holds a model.</summary>
    public static IReadOnlyList<string> Files(string folder)
    {
        folder = Path.GetFullPath(folder);
        var files = new List<string>();
        foreach (var dir in new[] { "", "onnx" })
        {
            var full = Path.Combine(folder, dir);
            if (!Directory.Exists(full)) continue;
            files.AddRange(Directory.EnumerateFiles(full, "*.onnx")
                .Where(f => DecoderFile().IsMatch(Path.GetFileName(f)))
                .OrderBy(f => Path.GetFileName(f).StartsWith("decoder", StringComparison.Ordinal))
                .ThenBy(f => Path.GetFileName(f).Length).ThenBy(f => Path.GetFileName(f), StringComparer.Ordinal));
        }
        if (GenAiDecoder(folder) is { } genai && !files.Contains(genai)) files.Add(genai);
        if (files.Count == 0)
        {
            var lone = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.onnx") : [];
            if (lone.Length == 1) files.Add(lone[0]);
        }
        return files;
    }

    /// <summary>
    /// The variant called <paramref name="name"/> (its name, its file name without .onnx, or its path in the folder),
    /// or, when none is named, the first in <paramref name="device"/>'s order. A clear error when there is none.
    /// </summary>
    public static ModelVariant Pick(string folder, string? name, DeviceKind device)
    {
        var variants = List(folder);
        if (variants.Count == 0)
            throw new ModelLoadException($"no ONNX model in {folder}: expected model.onnx, decoder_model_merged.onnx or model_*.onnx, at the top or under onnx/");
        if (string.IsNullOrWhiteSpace(name)) return Default(variants, device);
        var wanted = name.Trim();
        return variants.FirstOrDefault(v => Matches(v, wanted))
            ?? throw new ModelLoadException($"unknown variant '{wanted}' for {Path.GetFileName(folder)}: use {string.Join(", ", variants.Select(v => v.Name))}");
    }

    public static ModelVariant Default(IReadOnlyList<ModelVariant> variants, DeviceKind device)
    {
        var order = device == DeviceKind.Cuda || device == DeviceKind.Auto && Engine.SessionFactory.CudaLikely ? CudaOrder : CpuOrder;
        return variants.OrderBy(v => Array.IndexOf(order, v.Kind)).First();
    }

    public static bool Matches(ModelVariant v, string wanted) =>
        string.Equals(v.Name, wanted, StringComparison.OrdinalIgnoreCase)
        || string.Equals(Path.GetFileNameWithoutExtension(v.Path), wanted, StringComparison.OrdinalIgnoreCase)
        || string.Equals(v.RelativePath, wanted.Replace('\\', '/'), StringComparison.OrdinalIgnoreCase)
        || string.Equals(Path.ChangeExtension(v.RelativePath, null), wanted.Replace('\\', '/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The variant name a decoder file name gives (model_q4.onnx → "q4", model.onnx → "fp32"); null for other files.</summary>
    public static string? NameFromFileName(string fileName)
    {
        var match = DecoderFile().Match(fileName);
        return !match.Success ? null : match.Groups["suffix"].Success ? match.Groups["suffix"].Value : "fp32";
    }

    private static ModelVariant Describe(string folder, string file, HashSet<string> taken)
    {
        var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
        OnnxFileFacts? facts = null;
        string? error = null;
        try { facts = OnnxFileFacts.Read(file); }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or EndOfStreamException) { error = $"unreadable: {e.Message}"; }
        var match = DecoderFile().Match(Path.GetFileName(file));
        // model.onnx is named for what it holds: fp32 in onnx-community exports, often int4 or fp16 in onnxruntime-genai's.
        var name = !match.Success ? Path.GetFileNameWithoutExtension(file)
            : match.Groups["suffix"].Success ? match.Groups["suffix"].Value
            : KindName(Kind("fp32", facts));
        var kind = Kind(name, facts);
        // A second file with the same short name (model.onnx beside onnx/model.onnx) goes by its path.
        if (!taken.Add(name)) taken.Add(name = Path.ChangeExtension(relative, null));
        var bytes = FileBytes(file) + (facts?.ExternalFiles ?? []).Select(f => Path.Combine(Path.GetDirectoryName(file)!, f)).Sum(FileBytes);
        return new ModelVariant(name, relative, file, bytes, kind, facts, error);
    }

    /// <summary>The size of the file a path names, through symlinks (hub-cache snapshots link to blobs); 0 when it is missing.</summary>
    public static long FileBytes(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) info = info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
        return info.Exists ? info.Length : 0;
    }

    /// <summary>From the operators and IO types when the file could be read, else from the name.</summary>
    internal static VariantKind Kind(string name, OnnxFileFacts? facts)
    {
        if (facts is null) return KindFromName(name);
        var halfIo = facts.LogitsType == "float16" || facts.KvType == "float16";
        if (facts.QuantizedOps.Contains("MatMulBnb4")) return VariantKind.Bnb4;
        if (facts.QuantizedOps.Contains("MatMulNBits") || facts.QuantizedOps.Contains("GatherBlockQuantized"))
            return halfIo ? VariantKind.Q4F16 : VariantKind.Q4;
        if (facts.QuantizedOps.Count > 0) return VariantKind.Int8;
        return halfIo ? VariantKind.Fp16 : VariantKind.Fp32;
    }

    private static string KindName(VariantKind kind) => kind == VariantKind.Other ? "fp32" : kind.ToString().ToLowerInvariant();

    internal static VariantKind KindFromName(string name) => name.ToLowerInvariant() switch
    {
        "fp32" => VariantKind.Fp32,
        "fp16" => VariantKind.Fp16,
        "q4" or "int4" => VariantKind.Q4,
        "q4f16" => VariantKind.Q4F16,
        "int8" or "uint8" or "quantized" or "q8" => VariantKind.Int8,
        "bnb4" => VariantKind.Bnb4,
        _ => VariantKind.Other,
    };

    // onnxruntime-genai folders: {"model": {"decoder": {"filename": "…onnx"}}}.
    private static string? GenAiDecoder(string folder)
    {
        var config = Path.Combine(folder, "genai_config.json");
        if (!File.Exists(config)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(config));
            if (doc.RootElement.TryGetProperty("model", out var model) && model.TryGetProperty("decoder", out var decoder)
                && decoder.TryGetProperty("filename", out var file) && file.ValueKind == JsonValueKind.String)
            {
                var path = Path.Combine(folder, file.GetString()!);
                return File.Exists(path) ? Path.GetFullPath(path) : null;
            }
        }
        catch (JsonException) { }
        return null;
    }
}
