using System.Text.RegularExpressions;

namespace RearPlayground.Worker.Engine;

/// <summary>
/// The Hugging Face cache layout, shared with Python tools (huggingface_hub's file_download.py):
/// <c>{cache}/models--ORG--NAME/blobs/{etag}</c> holds each file once (etag = SHA-256 for LFS files, the git blob id
/// otherwise), <c>snapshots/{commit}/{path}</c> are relative symlinks to the blobs, and <c>refs/{revision}</c> holds the
/// commit a branch or tag pointed to. Unfinished downloads are <c>blobs/{etag}.incomplete</c>.
/// In Engine, not Hub: <see cref="ModelLocator"/> finds pulled models here, and the Hub's puller builds on the Engine.
/// </summary>
public sealed partial class HubCache(string folder, HubRepoType type = HubRepoType.Model)
{
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>Models live in <c>models--ORG--NAME</c>, datasets in <c>datasets--ORG--NAME</c> of the same cache folder.</summary>
    public HubRepoType Type { get; } = type;

    /// <summary>The same cache folder, for repositories of <paramref name="type"/>.</summary>
    public HubCache For(HubRepoType type) => type == Type ? this : new HubCache(Folder, type);

    private string Prefix => Type == HubRepoType.Dataset ? "datasets--" : "models--";

    /// <summary>HF_HUB_CACHE, else HUGGINGFACE_HUB_CACHE, else HF_HOME/hub, else XDG_CACHE_HOME/huggingface/hub or ~/.cache/huggingface/hub.</summary>
    public static string DefaultFolder() =>
        Expand(Env("HF_HUB_CACHE") ?? Env("HUGGINGFACE_HUB_CACHE") ?? Path.Combine(HfHome(), "hub"));

    public static string HfHome() => Expand(Env("HF_HOME")
        ?? Path.Combine(Env("XDG_CACHE_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "huggingface"));

    public static HubCache FromEnvironment() => new(DefaultFolder());

    /// <summary>An environment variable, trimmed; null when unset or blank.</summary>
    internal static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v.Trim() : null;

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex RepoIdPattern();

    [GeneratedRegex(@"^[0-9a-f]{40}$")]
    private static partial Regex CommitPattern();

    /// <summary>ORG/NAME, as the hub spells repository ids (no "--": it separates parts of cache folder names).</summary>
    public static bool IsRepoId(string text) => RepoIdPattern().IsMatch(text) && !text.Contains("--", StringComparison.Ordinal);

    public static bool IsCommit(string text) => CommitPattern().IsMatch(text);

    /// <summary>models--ORG--NAME (datasets--ORG--NAME for datasets).</summary>
    public string RepoFolder(string repoId) => Path.Combine(Folder, Prefix + repoId.Replace("/", "--", StringComparison.Ordinal));

    public string BlobPath(string repoId, string etag) => Path.Combine(RepoFolder(repoId), "blobs", etag);

    public string SnapshotFolder(string repoId, string commit) => Path.Combine(RepoFolder(repoId), "snapshots", commit);

    public string RefPath(string repoId, string revision) => Path.Combine(RepoFolder(repoId), "refs", revision);

    /// <summary>The commit a branch or tag points to here, or the revision itself when it is a commit; null when unknown.</summary>
    public string? CommitOf(string repoId, string revision)
    {
        if (IsCommit(revision)) return revision;
        var path = RefPath(repoId, revision);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    /// <summary>Records (atomically) which commit <paramref name="revision"/> names; nothing for a commit itself.</summary>
    public void WriteRef(string repoId, string revision, string commit)
    {
        if (revision == commit) return;
        var path = RefPath(repoId, revision);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path) && File.ReadAllText(path).Trim() == commit) return;
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, commit);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// The snapshot folder of <paramref name="repoId"/> at <paramref name="revision"/> (default main) when it is cached;
    /// with no ref recorded, the only snapshot there is. Null when the repository is not here.
    /// </summary>
    public string? Snapshot(string repoId, string revision = "main")
    {
        if (!IsRepoId(repoId)) return null;
        var commit = CommitOf(repoId, revision);
        if (commit is null && revision == "main")
        {
            var snapshots = Path.Combine(RepoFolder(repoId), "snapshots");
            var all = Directory.Exists(snapshots) ? Directory.GetDirectories(snapshots) : [];
            if (all.Length == 1) return all[0];
        }
        if (commit is null) return null;
        var folder = SnapshotFolder(repoId, commit);
        return Directory.Exists(folder) ? folder : null;
    }

    /// <summary>Every cached model repository (ORG/NAME) with its main (or only) snapshot.</summary>
    public IEnumerable<(string RepoId, string Snapshot)> Repositories()
    {
        if (!Directory.Exists(Folder)) yield break;
        foreach (var dir in Directory.EnumerateDirectories(Folder, "models--*").Order(StringComparer.Ordinal))
        {
            var parts = Path.GetFileName(dir)["models--".Length..].Split("--");
            if (parts.Length != 2) continue;
            var repoId = $"{parts[0]}/{parts[1]}";
            if (Snapshot(repoId) is { } snapshot) yield return (repoId, snapshot);
        }
    }

    /// <summary>ORG/NAME when <paramref name="folder"/> is (inside) a snapshot of some hub cache, else null.</summary>
    public static string? RepoIdOfSnapshot(string folder)
    {
        var dir = new DirectoryInfo(Path.GetFullPath(folder));
        for (var d = dir; d?.Parent?.Parent is not null; d = d.Parent)
        {
            if (d.Parent.Name != "snapshots" || !IsCommitLike(d.Name)) continue;
            var repo = d.Parent.Parent.Name;
            if (!repo.StartsWith("models--", StringComparison.Ordinal)) return null;
            var parts = repo["models--".Length..].Split("--");
            if (parts.Length != 2) return null;
            var sub = Path.GetRelativePath(d.FullName, dir.FullName);
            return sub == "." ? $"{parts[0]}/{parts[1]}" : $"{parts[0]}/{parts[1]}/{sub.Replace('\\', '/')}";
        }
        return null;
    }

    private static bool IsCommitLike(string name) => name.Length >= 7 && name.All(Uri.IsHexDigit);

    private static string Expand(string path)
    {
        path = Environment.ExpandEnvironmentVariables(path);
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
            path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "");
        return Path.GetFullPath(path);
    }
}

/// <summary>What kind of hub repository: the API path (<c>/api/models</c>, <c>/api/datasets</c>) and the cache prefix follow it.</summary>
public enum HubRepoType { Model, Dataset }
