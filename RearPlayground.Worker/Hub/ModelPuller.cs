using RearPlayground.Worker.Engine;

namespace RearPlayground.Worker.Hub;

/// <summary>What a finished pull made: the model folder inside the snapshot (what <c>--model REPO</c> loads).</summary>
public sealed record PullResult(string RepoId, string Commit, string Variant, string Folder, IReadOnlyList<string> Files);

/// <summary>
/// Downloads one variant of a hub repository into the Hugging Face cache: list the commit's files, fetch each into
/// blobs/ (resumable, verified), then link the snapshot (configs first, the ONNX file last) and record the ref.
/// Until every file is complete and verified nothing appears under snapshots/, so a failed or cancelled pull leaves
/// no half model for the catalogue; its .incomplete blobs let the next pull resume.
/// </summary>
public sealed class ModelPuller(HubClient client, HubCache cache)
{
    public async Task<PullResult> PullAsync(string repoId, string? revision, string? variant, IProgress<PullProgress>? progress = null,
        CancellationToken ct = default)
    {
        repoId = repoId.Trim();
        if (!HubCache.IsRepoId(repoId)) throw new HubException($"'{repoId}' is not a repository id: use ORG/NAME");
        revision = string.IsNullOrWhiteSpace(revision) ? "main" : revision.Trim();
        var state = new PullProgress(repoId, revision, variant, PullState.Listing, 0, 0, 0, 0, null, 0, null, null, null);
        progress?.Report(state);

        var commit = await client.CommitAsync(repoId, revision, ct);
        var files = await client.TreeAsync(repoId, commit, ct);
        var (name, onnx, needed) = VariantFiles.Select(files, variant, SessionFactory.CudaLikely);
        var meter = new PullMeter();
        long done = 0, total = needed.Sum(f => f.Size);
        state = state with { Variant = name, State = PullState.Downloading, BytesTotal = total, FilesTotal = needed.Count };
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
        progress?.Report(state = state with { State = PullState.Linking, CurrentFile = null });
        var snapshot = cache.SnapshotFolder(repoId, commit);
        // The ONNX file last: until it is linked the folder is no model.
        foreach (var (file, blob) in blobs.OrderBy(b => b.File == onnx))
            SnapshotLink.Create(snapshot, file.Path, blob);
        cache.WriteRef(repoId, revision, commit);

        var modelDir = Path.GetDirectoryName(onnx.Path)!.Replace('\\', '/');
        var folder = modelDir is "" or "onnx" ? snapshot : Path.Combine(snapshot, modelDir);
        progress?.Report(state with { State = PullState.Done, Folder = folder, SecondsLeft = 0 });
        return new PullResult(repoId, commit, name, folder, [.. needed.Select(f => f.Path)]);
    }
}
