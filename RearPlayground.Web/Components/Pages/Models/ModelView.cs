using System.Globalization;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Web.Components.Pages.Models;

/// <summary>One model as the models page shows it: the catalogue's facts (or why they are missing), its files' size, device and load state.</summary>
public sealed record ModelView(string Name, string Folder, ModelFacts? Facts, string? Error, long? FileBytes, string Device, bool Loaded)
{
    /// <summary>The catalogue (loads each model once to read its facts) joined with what the pool holds now.</summary>
    public static IReadOnlyList<ModelView> List(ModelPool pool)
    {
        var catalog = pool.Catalog();
        // After the catalogue: listing may itself have loaded (or evicted) models.
        var loaded = pool.LoadedDevices;
        // Top-level models first (the shipped default is one), then those in sub-folders such as test/.
        return [.. catalog.OrderBy(m => m.Name.Contains('/')).ThenBy(m => m.Name, StringComparer.OrdinalIgnoreCase).Select(info =>
        {
            var here = loaded.Where(l => SamePath(l.Folder, info.Folder)).Select(l => l.Device).Distinct().ToList();
            var device = here.Count > 0 ? string.Join(", ", here) : DeviceName(pool.DefaultDevice);
            return new ModelView(info.Name, info.Folder, info.Facts, info.Error, FileSize(info.Folder), device, here.Count > 0);
        })];
    }

    /// <summary>The ONNX graph plus its external data files (model.onnx_data, model.onnx.data …); null when there is none.</summary>
    public static long? FileSize(string folder)
    {
        try
        {
            var onnx = ModelFiles.FindOnnx(folder);
            var name = Path.GetFileName(onnx);
            return Directory.EnumerateFiles(Path.GetDirectoryName(onnx)!)
                .Where(f => Path.GetFileName(f).StartsWith(name, StringComparison.Ordinal))
                .Sum(f => new FileInfo(f).Length);
        }
        catch (Exception e) when (e is ModelLoadException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
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
    ];

    private static string DeviceName(DeviceKind kind) => kind.ToString().ToLowerInvariant();

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
}
