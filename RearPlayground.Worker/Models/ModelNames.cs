using RearPlayground.Worker.Engine;

namespace RearPlayground.Worker.Models;

/// <summary>
/// The one check of a requested model name: a run or evaluation names a model of the catalogue (the names
/// <see cref="ModelLocator.Discover"/> lists, as <c>GET /api/models</c> shows them), never a server path. Anything
/// else is refused at submit with the names there are, and nothing that reveals the server's folders.
/// </summary>
public sealed class ModelNames(ModelLocator locator)
{
    /// <summary>How many names a refusal lists before "…".</summary>
    private const int Listed = 20;

    /// <summary>The catalogue's names, sorted.</summary>
    public IReadOnlyList<string> All() =>
        [.. locator.Discover().Select(m => m.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The folder of catalogue model <paramref name="name"/>, or null when there is no such model.</summary>
    public string? FolderOf(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : locator.Discover().FirstOrDefault(m => m.Name == name).Folder;

    /// <summary>Null when <paramref name="name"/> is a catalogue model; otherwise why not, for the <c>model</c> field.</summary>
    public string? Problem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "the model is required";
        // A known name is found part-way through the walk; only a refusal lists them all.
        if (FolderOf(name) is not null) return null;
        var all = All();
        if (all.Count == 0) return "no models are installed on the server";
        var names = string.Join(", ", all.Take(Listed)) + (all.Count > Listed ? ", …" : "");
        // The request's text is not repeated: it may be a path, and the answer must not look like one was tried.
        return $"unknown model: name one of the catalogue's models ({names})";
    }
}
