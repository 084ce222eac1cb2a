using System.Net;
using System.Text.RegularExpressions;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Worker.Hub;

/// <summary>
/// Fetches one file into <c>blobs/{etag}</c>: into <c>{etag}.incomplete</c> first, resumed with an HTTP Range from
/// what is already there (after a dropped connection, or a pull that was stopped), checked against the hub's
/// SHA-256 / git id, and only then renamed. A bad checksum removes the partial file; nothing is linked by this class.
/// </summary>
public sealed partial class BlobDownloader(HubClient client, HubCache cache)
{
    /// <summary>Connection failures in a row (no byte received in between) before giving up.</summary>
    public int MaxAttempts { get; init; } = 5;

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SafeName();

    /// <summary>The blob's path once it is complete and verified. <paramref name="progress"/> gets the bytes on disk so far.</summary>
    public async Task<string> FetchAsync(string repoId, HubFile file, HubFileMetadata meta, Action<long> progress, CancellationToken ct)
    {
        var expectedId = file.LfsSha256 ?? meta.Etag;
        if (file.LfsSha256 is { } sha && !string.Equals(sha, meta.Etag, StringComparison.OrdinalIgnoreCase) && meta.Etag.Length == 64)
            throw new HubException($"{repoId}/{file.Path}: the listing says SHA-256 {sha} but the file's ETag is {meta.Etag}");
        var blobName = SafeName().IsMatch(meta.Etag) ? meta.Etag : expectedId;
        var blob = cache.BlobPath(repoId, blobName);
        var size = meta.Size ?? file.Size;
        if (File.Exists(blob))
        {
            progress(size);
            return blob;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        var incomplete = blob + ".incomplete";
        FileStream stream;
        try
        {
            stream = new FileStream(incomplete, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true);
        }
        catch (IOException e)
        {
            throw new HubException($"{file.Path} is being downloaded by another pull already ({incomplete})", e);
        }
        await using (stream)
        {
            stream.Seek(0, SeekOrigin.End);
            progress(stream.Length);
            await ReceiveAsync(repoId, file, meta.Location, size, stream, progress, ct);
        }
        if (new FileInfo(incomplete).Length != size)
            throw new HubException($"{repoId}/{file.Path}: received {new FileInfo(incomplete).Length} bytes, expected {size}");
        if (await BlobHash.MismatchAsync(incomplete, expectedId, ct) is { } actual)
        {
            File.Delete(incomplete);
            throw new HubException($"{repoId}/{file.Path} is corrupt: expected {(expectedId.Length == 64 ? "SHA-256" : "git id")} {expectedId}, got {actual}; the partial file was removed");
        }
        File.Move(incomplete, blob, overwrite: true);
        return blob;
    }

    private async Task ReceiveAsync(string repoId, HubFile file, Uri location, long size, FileStream stream, Action<long> progress, CancellationToken ct)
    {
        var failures = 0;
        var buffer = new byte[1 << 16];
        while (stream.Length < size)
        {
            ct.ThrowIfCancellationRequested();
            var from = stream.Length;
            var receivedThisTry = false;
            try
            {
                using var response = await client.DownloadAsync(location, from, repoId, file.Path, ct);
                if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable) break; // nothing left to send
                if (from > 0 && response.StatusCode == HttpStatusCode.OK)
                {
                    // The server ignored the Range: start over rather than append the beginning again.
                    stream.SetLength(0);
                    progress(0);
                }
                await using var body = await response.Content.ReadAsStreamAsync(ct);
                int read;
                while ((read = await body.ReadAsync(buffer, ct)) > 0)
                {
                    await stream.WriteAsync(buffer.AsMemory(0, read), ct);
                    receivedThisTry = true;
                    progress(stream.Length);
                }
                await stream.FlushAsync(ct);
                if (stream.Length < size) throw new IOException("the connection closed early");
            }
            catch (Exception e) when (e is IOException or HttpRequestException && (e is not HubException || e.InnerException is HttpRequestException)
                                       && !ct.IsCancellationRequested)
            {
                await stream.FlushAsync(CancellationToken.None);
                failures = receivedThisTry ? 1 : failures + 1;
                if (failures >= MaxAttempts)
                    throw new HubException($"{repoId}/{file.Path}: download failed {MaxAttempts} times in a row ({e.Message}); run the pull again to resume", e);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * failures), ct);
            }
        }
    }
}
