using RearPlayground.Worker.Engine;

namespace RearPlayground.Worker.Hub;

/// <summary>
/// The download half of a pull, for models and datasets alike: each listed file into blobs/ (resumable, verified by
/// <see cref="BlobDownloader"/>) with progress, rate and time left, then the snapshot links and the ref. Nothing is
/// linked until every file is complete, so a failed pull leaves no half snapshot, only .incomplete blobs to resume.
/// </summary>
internal static class RepoFetcher
{
    public static async Task<(PullProgress State, List<(HubFile File, string Blob)> Blobs)> FetchAsync(HubClient client, HubCache cache,
        string repoId, string commit, IReadOnlyList<HubFile> needed, PullProgress state, IProgress<PullProgress>? progress, CancellationToken ct)
    {
        var meter = new PullMeter();
        long done = 0, total = needed.Sum(f => f.Size);
        state = state with { State = PullState.Downloading, BytesTotal = total, FilesTotal = needed.Count };
        progress?.Report(state);

        var downloader = new BlobDownloader(client, cache);
        var blobs = new List<(HubFile File, string Blob)>();
        var lastReport = DateTime.MinValue;
        foreach (var file in needed)
        {
            progress?.Report(state = state with { CurrentFile = file.Path });
            var meta = await client.MetadataAsync(repoId, commit, file.Path, ct);
            long? seen = null;
            var blob = await downloader.FetchAsync(repoId, file, meta, onDisk =>
            {
                // The first figure is what was already there (a resumed file): progress, but not speed.
                if (seen is { } before && onDisk > before) meter.Add(onDisk - before);
                seen = onDisk;
                if (DateTime.UtcNow - lastReport < TimeSpan.FromMilliseconds(100)) return;
                lastReport = DateTime.UtcNow;
                var now = done + onDisk;
                progress?.Report(state with { BytesDone = now, CurrentFile = file.Path, BytesPerSecond = meter.Rate, SecondsLeft = meter.SecondsLeft(total - now) });
            }, ct);
            blobs.Add((file, blob));
            done += file.Size;
            state = state with { BytesDone = done, FilesDone = blobs.Count, CurrentFile = file.Path, BytesPerSecond = meter.Rate, SecondsLeft = meter.SecondsLeft(total - done) };
            progress?.Report(state);
        }
        ct.ThrowIfCancellationRequested();
        return (state, blobs);
    }

    /// <summary>Links <paramref name="blobs"/> under snapshots/{commit} in the given order and records the ref; returns the snapshot folder.</summary>
    public static string Link(HubCache cache, string repoId, string revision, string commit, IEnumerable<(HubFile File, string Blob)> blobs)
    {
        var snapshot = cache.SnapshotFolder(repoId, commit);
        foreach (var (file, blob) in blobs) SnapshotLink.Create(snapshot, file.Path, blob);
        cache.WriteRef(repoId, revision, commit);
        return snapshot;
    }
}
