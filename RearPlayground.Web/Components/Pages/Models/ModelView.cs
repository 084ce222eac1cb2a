using System.Globalization;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Models;

namespace RearPlayground.Web.Components.Pages.Models;

/// <summary>
/// One model as the models page shows it: the catalogue's facts (or why they are missing), its default variant's size,
/// device and load state, and every variant with which of them are loaded.
/// </summary>
public sealed record ModelView(string Name, string Folder, ModelFacts? Facts, string? Error, long? FileBytes, string Device, bool Loaded,
    IReadOnlyList<VariantInfo> Variants, IReadOnlySet<string> LoadedVariants)
{
    /// <summary>The catalogue (loads each model once to read its facts) joined with what the pool holds now.</summary>
    public static IReadOnlyList<ModelView> List(ModelPool pool)
    {
        var catalog = pool.Catalog();
        // After the catalogue: listing may itself have loaded (or evicted) models.
        var loaded = pool.LoadedVariants;
        // Top-level models first (the shipped default is one), then those in sub-folders such as test/.
        return [.. catalog.OrderBy(m => m.Name.Contains('/')).ThenBy(m => m.Name, StringComparer.OrdinalIgnoreCase).Select(info =>
        {
            var here = loaded.Where(l => SamePath(l.Folder, info.Folder)).ToList();
            var device = here.Count > 0 ? string.Join(", ", here.Select(l => l.Device).Distinct()) : DeviceName(pool.DefaultDevice);
            var variants = info.Variants ?? [];
            // The default variant's ONNX file plus its external data files.
            var size = variants.FirstOrDefault(v => v.IsDefault)?.Bytes;
            return new ModelView(info.Name, info.Folder, info.Facts, info.Error, size, device, here.Count > 0, variants,
                here.Select(l => l.Variant).ToHashSet());
        })];
    }

    public static string Size(long? bytes) => bytes switch
    {
        null => "unknown",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.#} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1073741824.0:0.##} GB"),
    };

    /// <summary>The facts as label/value pairs, in the order the page lists them.</summary>
    public IReadOnlyList<(string Label, string Value)> FactRows => Facts is not { } f ? [] :
    [
        ("Layers", f.Layers.ToString(CultureInfo.InvariantCulture)),
        ("KV heads", f.KvHeads.ToString(CultureInfo.InvariantCulture)),
        ("Head size", f.HeadDim.ToString(CultureInfo.InvariantCulture)),
        ("Vocabulary", f.VocabSize.ToString("N0", CultureInfo.InvariantCulture)),
        ("KV element type", f.KvType),
        ("Max positions", f.MaxPositions == int.MaxValue ? "not limited" : f.MaxPositions.ToString("N0", CultureInfo.InvariantCulture)),
        ("Chat template", f.ChatTemplate == "None" ? "none (plain language model)" : f.ChatTemplate),
        // onnxruntime-genai's older exports build their mask for "no cache or one new token": the engine routes around it.
        ("Multi-token passes", f.CanExtendCache ? "on the cache" : "one token at a time"),
    ];

    private static string DeviceName(DeviceKind kind) => kind.ToString().ToLowerInvariant();

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
}
