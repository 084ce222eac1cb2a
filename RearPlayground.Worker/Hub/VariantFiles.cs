using RearPlayground.Worker.Engine.Variants;

namespace RearPlayground.Worker.Hub;

/// <summary>
/// Which files of a repository one variant needs: its ONNX file and external data (model_q4.onnx_data,
/// model.onnx.data, model.onnx_data_1 …), and the configuration and tokenizer files beside it or at the top
/// (config.json, generation_config.json, tokenizer.json / tokenizer.model, tokenizer_config.json,
/// special_tokens_map.json, chat_template.jinja, genai_config.json), those the repository has.
/// </summary>
public static class VariantFiles
{
    public static readonly string[] Companions =
    [
        "config.json", "generation_config.json", "tokenizer.json", "tokenizer.model", "tokenizer_config.json",
        "special_tokens_map.json", "chat_template.jinja", "genai_config.json",
    ];

    /// <summary>The variants a listing offers (ONNX decoder files at the top or under onnx/, or named by path), with their names.</summary>
    public static IReadOnlyList<(string Name, HubFile File)> Variants(IReadOnlyList<HubFile> files)
    {
        var onnx = files.Where(f => f.Path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)).ToList();
        var decoders = onnx.Where(f => IsTopOrOnnx(f.Path) && ModelVariants.NameFromFileName(Path.GetFileName(f.Path)) is not null)
            .OrderBy(f => f.Path.Contains('/')).ThenBy(f => Path.GetFileName(f.Path).StartsWith("decoder", StringComparison.Ordinal))
            .ThenBy(f => f.Path.Length).ThenBy(f => f.Path, StringComparer.Ordinal).ToList();
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return [.. decoders.Select(f =>
        {
            var name = ModelVariants.NameFromFileName(Path.GetFileName(f.Path))!;
            if (!taken.Add(name)) taken.Add(name = Path.ChangeExtension(f.Path, null));
            return (name, f);
        })];
    }

    /// <summary>
    /// The files to fetch for <paramref name="variant"/> (a variant name, a file name without .onnx, or any .onnx path
    /// in the repository, e.g. an onnxruntime-genai sub-folder's), or for the device order's first when null.
    /// Returns the chosen ONNX path too: the model folder is its folder (the top for onnx/).
    /// </summary>
    public static (string Variant, HubFile Onnx, IReadOnlyList<HubFile> Files) Select(IReadOnlyList<HubFile> files, string? variant, bool cuda)
    {
        var offered = Variants(files);
        (string Name, HubFile File)? chosen;
        if (string.IsNullOrWhiteSpace(variant))
        {
            var order = cuda ? ModelVariants.CudaOrder : ModelVariants.CpuOrder;
            chosen = offered.Count == 0 ? null : offered.OrderBy(v => Array.IndexOf(order, ModelVariants.KindFromName(v.Name))).First();
        }
        else
        {
            var wanted = variant.Trim().Replace('\\', '/');
            var named = offered.Where(v => string.Equals(v.Name, wanted, StringComparison.OrdinalIgnoreCase)
                || string.Equals(Path.GetFileNameWithoutExtension(v.File.Path), wanted, StringComparison.OrdinalIgnoreCase)).ToList();
            chosen = named.Count > 0 ? named[0] : null;
            var byPath = files.FirstOrDefault(f => f.Path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)
                && (string.Equals(f.Path, wanted, StringComparison.OrdinalIgnoreCase) || string.Equals(Path.ChangeExtension(f.Path, null), wanted, StringComparison.OrdinalIgnoreCase)));
            if (chosen is null && byPath is not null) chosen = (Path.GetFileNameWithoutExtension(byPath.Path), byPath);
        }
        if (chosen is not { } pick)
        {
            var names = offered.Select(v => v.Name).ToList();
            throw new HubException(offered.Count == 0
                ? "the repository has no ONNX decoder (model*.onnx or decoder_model_merged*.onnx at the top or under onnx/); name an .onnx path with --variant"
                : $"unknown variant '{variant}': the repository offers {string.Join(", ", names)} (or name an .onnx path)");
        }

        var dir = Path.GetDirectoryName(pick.File.Path)!.Replace('\\', '/');
        var modelDir = dir == "onnx" ? "" : dir;
        var data = files.Where(f => f.Path.StartsWith(pick.File.Path + "_data", StringComparison.Ordinal)
            || f.Path.StartsWith(pick.File.Path + ".data", StringComparison.Ordinal));
        var companions = Companions.Select(c => files.FirstOrDefault(f => f.Path == Join(modelDir, c)) ?? files.FirstOrDefault(f => f.Path == c))
            .OfType<HubFile>();
        return (pick.Name, pick.File, [.. companions.Distinct(), .. data, pick.File]);
    }

    private static bool IsTopOrOnnx(string path) => !path.Contains('/') || path.StartsWith("onnx/", StringComparison.Ordinal) && path.Count(c => c == '/') == 1;

    private static string Join(string dir, string file) => dir.Length == 0 ? file : $"{dir}/{file}";
}
