namespace RearPlayground.Worker.Engine;

/// <summary>
/// Resolves a model name or path to a folder. Names are looked up in the configured directories
/// (default <c>models/</c> and <c>../shared/models</c> beside the folder holding RearPlayground.sln),
/// directly or one level down (so "random-260K" finds <c>test/random-260K</c>). Directories listed in the
/// environment variable <c>REAR_MODEL_DIRS</c> (path-separator separated) are searched first.
/// </summary>
public sealed class ModelLocator(IReadOnlyList<string> directories)
{
    public IReadOnlyList<string> Directories { get; } = directories;

    public const string EnvironmentVariable = "REAR_MODEL_DIRS";

    public static ModelLocator Default(IEnumerable<string>? extra = null) =>
        new([.. extra ?? [], .. FromEnvironment(), .. DefaultDirectories()]);

    private static IEnumerable<string> FromEnvironment() =>
        (Environment.GetEnvironmentVariable(EnvironmentVariable) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

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
        var searched = Directories.Count == 0 ? "(no model directories configured)" : string.Join(", ", Directories);
        throw new ModelLoadException($"model folder not found: '{nameOrPath}' is not a folder and is not a model in {searched}");
    }

    /// <summary>Every folder in the model directories that holds an ONNX model (for listings).</summary>
    public IEnumerable<(string Name, string Folder)> Discover()
    {
        foreach (var dir in Directories.Where(Directory.Exists))
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                if (HasOnnx(sub)) yield return (Path.GetFileName(sub), sub);
                foreach (var nested in Directory.EnumerateDirectories(sub).Where(HasOnnx))
                    yield return ($"{Path.GetFileName(sub)}/{Path.GetFileName(nested)}", nested);
            }
    }

    private static bool HasOnnx(string folder)
    {
        try { ModelFiles.FindOnnx(folder); return true; }
        catch (ModelLoadException) { return false; }
    }
}
