namespace RearPlayground.Worker.Models;

/// <summary>
/// Takes the server's folders out of a message that team members will read (a run's error, a model's load
/// problem): a file in the model's folder is named relative to it, the model directories by those words.
/// </summary>
public static class ServerPaths
{
    public static string Hide(string message, string? modelFolder, IEnumerable<string> modelDirectories)
    {
        var text = message;
        if (!string.IsNullOrEmpty(modelFolder)) text = Replace(text, modelFolder, "", "the model folder");
        foreach (var dir in modelDirectories.Where(d => !string.IsNullOrWhiteSpace(d)).OrderByDescending(d => d.Length))
            text = Replace(text, dir, "", "the model directories");
        return text;
    }

    /// <summary>A name as a message may show it: a path (as old runs or the CLI give one) by its last part only.</summary>
    public static string ShownName(string nameOrPath)
    {
        var trimmed = nameOrPath.Trim().TrimEnd('/', '\\');
        var pathLike = Path.IsPathRooted(trimmed) || trimmed.StartsWith('.') || trimmed.Contains("..") || trimmed.Contains('\\');
        return pathLike ? Path.GetFileName(trimmed) is { Length: > 0 } last ? last : "?" : trimmed;
    }

    // Both the path as configured and as resolved; "folder/" + file → file, the bare folder → the words.
    private static string Replace(string text, string folder, string inside, string bare)
    {
        foreach (var form in new[] { Path.GetFullPath(folder), folder }.Select(f => f.TrimEnd('/', '\\')).Distinct())
        {
            if (form.Length == 0) continue;
            text = text.Replace(form + Path.DirectorySeparatorChar, inside, StringComparison.Ordinal)
                .Replace(form, bare, StringComparison.Ordinal);
        }
        return text;
    }
}
