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
        state = state with { Variant = name };
        var (fetched, blobs) = await RepoFetcher.FetchAsync(client, cache, repoId, commit, needed, state, progress, ct);
        progress?.Report(state = fetched with { State = PullState.Linking, CurrentFile = null });
        // The ONNX file last: until it is linked the folder is no model.
        var snapshot = RepoFetcher.Link(cache, repoId, revision, commit, blobs.OrderBy(b => b.File == onnx));

        var modelDir = Path.GetDirectoryName(onnx.Path)!.Replace('\\', '/');
        var folder = modelDir is "" or "onnx" ? snapshot : Path.Combine(snapshot, modelDir);
        progress?.Report(state with { State = PullState.Done, Folder = folder, SecondsLeft = 0 });
        return new PullResult(repoId, commit, name, folder, [.. needed.Select(f => f.Path)]);
    }
}
