namespace RearPlayground.Worker.Engine;

/// <summary>
/// Resolves a model name or path to a folder. Names are looked up in the configured directories, then
/// <c>models/</c> beside the folder holding RearPlayground.sln (the embedded stories260K lives there) and, when present,
/// <c>../shared/models</c> (an extra source),
/// directly or one level down (so "random-260K" finds <c>test/random-260K</c>), then as a Hugging Face repository
/// id (ORG/NAME, optionally /SUB/FOLDER) in the hub cache (its main snapshot). Directories listed in the
/// environment variable <c>REAR_MODEL_DIRS</c> (path-separator separated) are searched first.
/// </summary>
public sealed class ModelLocator(IReadOnlyList<string> directories, HubCache? hub = null)
{
    public IReadOnlyList<string> Directories { get; } = directories;

    /// <summary>The Hugging Face cache whose repositories are models too; null: none.</summary>
    public HubCache? Hub { get; } = hub;

    public const string EnvironmentVariable = "REAR_MODEL_DIRS";

    /// <summary>
    /// The configured directories, then (unless <paramref name="withDefaults"/> is false: "Rear:DefaultModelDirectories")
    /// <see cref="DefaultDirectories"/>, and the hub cache (<paramref name="hubCache"/>, else HF_HUB_CACHE / HF_HOME / ~/.cache/huggingface/hub).
    /// </summary>
    public static ModelLocator Default(IEnumerable<string>? extra = null, string? hubCache = null, bool withDefaults = true) =>
        new([.. extra ?? [], .. FromEnvironment(), .. withDefaults ? DefaultDirectories() : []],
            hubCache is null ? HubCache.FromEnvironment() : new HubCache(hubCache));

    private static IEnumerable<string> FromEnvironment() =>
        (Environment.GetEnvironmentVariable(EnvironmentVariable) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The repository's <c>models/</c> first, so a clone alone has its default model; <c>../shared/models</c> after it.</summary>
    public static IEnumerable<string> DefaultDirectories()
    {
        var root = FindSolutionRoot(Directory.GetCurrentDirectory()) ?? FindSolutionRoot(AppContext.BaseDirectory);
        if (root is null) yield break;
        yield return Path.Combine(root, "models");
        var shared = Path.GetFullPath(Path.Combine(root, "..", "shared", "models"));
        if (Directory.Exists(shared)) yield return shared;
    }

    public static string? FindSolutionRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RearPlayground.sln"))) return dir.FullName;
        return null;
    }

    /// <summary>The folder for <paramref name="nameOrPath"/>, or a <see cref="ModelLoadException"/> saying where it looked.</summary>
    public string Resolve(string nameOrPath)
    {
        if (string.IsNullOrWhiteSpace(nameOrPath)) throw new ModelLoadException("no model given");
        if (Directory.Exists(nameOrPath)) return Path.GetFullPath(nameOrPath);
        var looksLikePath = Path.IsPathRooted(nameOrPath) || nameOrPath.StartsWith('.');
        if (!looksLikePath)
        {
            foreach (var dir in Directories.Where(Directory.Exists))
            {
                var direct = Path.Combine(dir, nameOrPath);
                if (Directory.Exists(direct)) return Path.GetFullPath(direct);
                var nested = Directory.EnumerateDirectories(dir)
                    .Select(sub => Path.Combine(sub, nameOrPath))
                    .FirstOrDefault(Directory.Exists);
                if (nested is not null) return Path.GetFullPath(nested);
            }
        }
        if (!looksLikePath && FromHub(nameOrPath) is { } snapshot) return snapshot;
        var searched = Directories.Count == 0 ? "(no model directories configured)" : string.Join(", ", Directories);
        var hub = Hub is null ? "" : $" or in the Hugging Face cache {Hub.Folder} (pull it with `models pull ORG/NAME`)";
        throw new ModelLoadException($"model folder not found: '{nameOrPath}' is not a folder and is not a model in {searched}{hub}");
    }

    /// <summary>How a model folder is named in results: its Hugging Face repository id when it is a hub-cache snapshot, else the folder's name.</summary>
    public static string DisplayName(string folder) =>
        HubCache.RepoIdOfSnapshot(folder) ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));

    // ORG/NAME[/SUB/FOLDER] → the main snapshot (or a folder inside it) when it holds a model.
    private string? FromHub(string name)
    {
        if (Hub is null) return null;
        var parts = name.Replace('\\', '/').Split('/', 3);
        if (parts.Length < 2 || Hub.Snapshot($"{parts[0]}/{parts[1]}") is not { } snapshot) return null;
        var folder = parts.Length == 3 ? Path.GetFullPath(Path.Combine(snapshot, parts[2])) : snapshot;
        return folder.StartsWith(snapshot, StringComparison.Ordinal) && HasOnnx(folder) ? folder : null;
    }

    /// <summary>
    /// Every folder in the model directories that holds an ONNX model, then the hub cache's repositories (for listings).
    /// A name found twice (stories260K in models/ and ../shared/models) is the first one, the folder <see cref="Resolve"/> picks.
    /// </summary>
    public IEnumerable<(string Name, string Folder)> Discover()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var found in DiscoverDirectories())
            if (seen.Add(found.Name)) yield return found;
        if (Hub is null) yield break;
        foreach (var (repoId, snapshot) in Hub.Repositories())
            if (HasOnnx(snapshot) && seen.Add(repoId)) yield return (repoId, snapshot);
    }

    private IEnumerable<(string Name, string Folder)> DiscoverDirectories()
    {
        foreach (var dir in Directories.Where(Directory.Exists))
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                if (HasOnnx(sub)) yield return (Path.GetFileName(sub), sub);
                foreach (var nested in Directory.EnumerateDirectories(sub).Where(HasOnnx))
                    yield return ($"{Path.GetFileName(sub)}/{Path.GetFileName(nested)}", nested);
            }
    }

    private static bool HasOnnx(string folder) => ModelFiles.HasOnnx(folder);
}
