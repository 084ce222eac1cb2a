using System.Collections.Concurrent;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Variants;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Worker.Models;

/// <summary>
/// The models in the model directories and the hub cache with their facts (layers, KV heads, vocabulary, chat
/// template …) and variants. Most facts come from the ONNX session, so a model's default variant is loaded (through
/// the pool, so a run can reuse it) the first time it is listed; facts are then cached per folder for the life of the
/// process. Variants are read from their files (no session) on every listing, so a new download shows at once.
/// </summary>
public sealed class ModelCatalog(ModelPool pool)
{
    private readonly ConcurrentDictionary<string, ModelFacts> _facts = new();

    /// <summary>A folder reachable from two configured directories is listed once.</summary>
    public IReadOnlyList<ModelInfo> List() =>
        [.. pool.Locator.Discover().DistinctBy(m => Path.GetFullPath(m.Folder)).Select(m => Describe(m.Name, m.Folder))];

    private ModelInfo Describe(string name, string folder)
    {
        IReadOnlyList<VariantInfo>? variants = null;
        try
        {
            var all = ModelVariants.List(folder);
            var chosen = all.Count == 0 ? null : ModelVariants.Default(all, pool.DefaultDevice);
            variants = [.. all.Select(v => VariantInfo.Of(v, v == chosen))];
            return new ModelInfo(name, folder, Facts(folder), null, variants);
        }
        catch (Exception e) when (e is ModelLoadException or IOException or InvalidOperationException or FormatException
                                      or UnauthorizedAccessException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            // One broken folder must not hide the others.
            return new ModelInfo(name, folder, null, e.Message.Split('\n')[0], variants);
        }
    }

    /// <summary>Facts of the model at <paramref name="folder"/>, loading it into the pool on first call.</summary>
    public ModelFacts Facts(string folder) => _facts.GetOrAdd(Path.GetFullPath(folder), f =>
    {
        using var lease = pool.Rent(f);
        return ModelFacts.Of(lease.Model);
    });
}
