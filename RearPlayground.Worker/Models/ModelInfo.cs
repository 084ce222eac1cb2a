using RearPlayground.Worker.Engine.Variants;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Worker.Models;

/// <summary>
/// One model of the listing: its name (in the model directories, or ORG/NAME from the hub cache), its folder, its
/// facts (read from the default variant) or why they are missing, and every variant the folder holds.
/// </summary>
public sealed record ModelInfo(string Name, string Folder, ModelFacts? Facts, string? Error, IReadOnlyList<VariantInfo>? Variants = null);

/// <summary>One ONNX file of a model folder: its name for <c>variant</c>, path, bytes with external data, element types, and whether it is the default here.</summary>
public sealed record VariantInfo(string Name, string File, long Bytes, string Kind, string? KvType, string? LogitsType, string Weights,
    IReadOnlyList<string> QuantizedOps, bool IsDefault, string? Error)
{
    public static VariantInfo Of(ModelVariant v, bool isDefault) => new(v.Name, v.RelativePath, v.Bytes, v.Kind.ToString().ToLowerInvariant(),
        v.Facts?.KvType, v.Facts?.LogitsType, v.Facts?.WeightSummary ?? "unknown", v.Facts?.QuantizedOps ?? [], isDefault, v.FactsError);
}
