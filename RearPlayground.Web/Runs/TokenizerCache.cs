using System.Collections.Concurrent;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Tokenization;

namespace RearPlayground.Web.Runs;

/// <summary>
/// Tokenizers for the heatmap's token texts, one per model folder, loaded once: only the tokenizer file, never the
/// model (the web app may not be where models run). A model whose folder or tokenizer is missing here yields null.
/// </summary>
public sealed class TokenizerCache(ModelLocator locator)
{
    private readonly ConcurrentDictionary<string, Lazy<ITextTokenizer?>> _byFolder = new(StringComparer.Ordinal);

    /// <summary>The tokenizer of <paramref name="model"/> (a name or path as a run stores it), or null when it is not here.</summary>
    public ITextTokenizer? For(string model)
    {
        string folder;
        try { folder = locator.Resolve(model); }
        catch (ModelLoadException) { return null; }
        return _byFolder.GetOrAdd(folder, f => new Lazy<ITextTokenizer?>(() => Load(f))).Value;
    }

    private static ITextTokenizer? Load(string folder)
    {
        try { return TokenizerLoader.Load(folder); }
        catch (ModelLoadException) { return null; }
    }
}
