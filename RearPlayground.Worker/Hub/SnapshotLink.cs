namespace RearPlayground.Worker.Hub;

/// <summary>
/// snapshots/{commit}/{path} → a relative symlink to blobs/{etag}, as huggingface_hub makes it (so the cache can move);
/// where symlinks are not allowed (Windows without developer mode) a copy of the blob, as huggingface_hub falls back to.
/// </summary>
internal static class SnapshotLink
{
    public static void Create(string snapshot, string relativePath, string blob)
    {
        var pointer = Path.GetFullPath(Path.Combine(snapshot, relativePath));
        if (!pointer.StartsWith(Path.GetFullPath(snapshot) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new HubException($"the repository path '{relativePath}' leaves the snapshot folder");
        Directory.CreateDirectory(Path.GetDirectoryName(pointer)!);
        var target = Path.GetRelativePath(Path.GetDirectoryName(pointer)!, blob);
        var existing = new FileInfo(pointer);
        if (existing.LinkTarget == target) return;
        if (existing.Exists || existing.LinkTarget is not null) existing.Delete();
        try
        {
            File.CreateSymbolicLink(pointer, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            File.Copy(blob, pointer, overwrite: true);
        }
    }
}
