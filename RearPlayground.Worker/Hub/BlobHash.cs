using System.Security.Cryptography;
using System.Text;

namespace RearPlayground.Worker.Hub;

/// <summary>
/// Checks a downloaded blob against the id the hub gave it: SHA-256 for LFS files (the listing's lfs.oid, the
/// X-Linked-Etag), the git blob id (SHA-1 of "blob {size}\0" + content) for files kept in git.
/// </summary>
public static class BlobHash
{
    /// <summary>Null when <paramref name="path"/> matches <paramref name="expected"/>, else what was found.</summary>
    public static async Task<string?> MismatchAsync(string path, string expected, CancellationToken ct)
    {
        var id = expected.ToLowerInvariant();
        string actual;
        if (id.Length == 64) actual = await HashAsync(path, HashAlgorithmName.SHA256, null, ct);
        else if (id.Length == 40) actual = await HashAsync(path, HashAlgorithmName.SHA1, Encoding.ASCII.GetBytes($"blob {new FileInfo(path).Length}\0"), ct);
        else return null; // an id that is no hash we know (some mirrors): nothing to compare
        return actual == id ? null : actual;
    }

    private static async Task<string> HashAsync(string path, HashAlgorithmName algorithm, byte[]? header, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        if (header is not null) hash.AppendData(header);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0) hash.AppendData(buffer, 0, read);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
