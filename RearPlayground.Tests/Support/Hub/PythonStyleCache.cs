using RearPlayground.Worker.Hub;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Tests.Support.Hub;

/// <summary>
/// Lays a model folder into a hub cache the way huggingface_hub's snapshot_download leaves it (blobs named by SHA-256
/// for LFS files and by git blob id otherwise, relative symlinks under snapshots/{commit}, refs/main), without this
/// app's downloader: a cache "from Python" for the tests that find models already there.
/// </summary>
public static class PythonStyleCache
{
    public static string Write(HubCache cache, string repoId, string sourceFolder, string commit = "0123456789abcdef0123456789abcdef01234567")
    {
        var root = cache.RepoFolder(repoId);
        var snapshot = Path.Combine(root, "snapshots", commit);
        foreach (var file in Directory.EnumerateFiles(sourceFolder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(sourceFolder, file).Replace('\\', '/');
            var bytes = File.ReadAllBytes(file);
            var blob = Path.Combine(root, "blobs", FakeHub.IsLfs(relative) ? FakeHub.Sha256(bytes) : FakeHub.GitOid(bytes));
            Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
            File.WriteAllBytes(blob, bytes);
            var pointer = Path.Combine(snapshot, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(pointer)!);
            File.CreateSymbolicLink(pointer, Path.GetRelativePath(Path.GetDirectoryName(pointer)!, blob));
        }
        Directory.CreateDirectory(Path.Combine(root, "refs"));
        File.WriteAllText(Path.Combine(root, "refs", "main"), commit);
        return snapshot;
    }
}
