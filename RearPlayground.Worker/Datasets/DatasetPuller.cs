using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Hub;

namespace RearPlayground.Worker.Datasets;

/// <summary>What a dataset pull made: the snapshot folder and the data files in it (repository paths).</summary>
public sealed record DatasetPullResult(string RepoId, string Commit, string Snapshot, IReadOnlyList<string> Files)
{
    public string PathOf(string file) => Path.Combine(Snapshot, file);
}

/// <summary>
/// Downloads the data files of a hub dataset repository into the same cache as models (<c>datasets--ORG--NAME</c>),
/// through the model pull's machinery (<see cref="HubClient"/> with <see cref="HubRepoType.Dataset"/>, resumable
/// verified blobs, progress, HF_ENDPOINT and the token). Data files are .jsonl/.json/.csv/.tsv/.parquet;
/// <c>files</c> narrows them to the paths (or file names, or folder prefixes) named.
/// </summary>
public sealed class DatasetPuller(HubClient client, HubCache cache)
{
    private readonly HubCache _cache = cache.For(HubRepoType.Dataset);

    public async Task<DatasetPullResult> PullAsync(string repoId, string? revision, IReadOnlyList<string>? files, IProgress<PullProgress>? progress = null,
        CancellationToken ct = default)
    {
        if (client.RepoType != HubRepoType.Dataset) throw new ArgumentException("the client must be made for datasets (RepoType = Dataset)", nameof(client));
        repoId = repoId.Trim();
        if (!HubCache.IsRepoId(repoId)) throw new HubException($"'{repoId}' is not a repository id: use ORG/NAME");
        revision = string.IsNullOrWhiteSpace(revision) ? "main" : revision.Trim();
        var state = new PullProgress(repoId, revision, null, PullState.Listing, 0, 0, 0, 0, null, 0, null, null, null);
        progress?.Report(state);

        var commit = await client.CommitAsync(repoId, revision, ct);
        var listing = await client.TreeAsync(repoId, commit, ct);
        var needed = Select(listing, files);
        var (fetched, blobs) = await RepoFetcher.FetchAsync(client, _cache, repoId, commit, needed, state, progress, ct);
        progress?.Report(state = fetched with { State = PullState.Linking, CurrentFile = null });
        var snapshot = RepoFetcher.Link(_cache, repoId, revision, commit, blobs);
        progress?.Report(state with { State = PullState.Done, Folder = snapshot, SecondsLeft = 0 });
        return new DatasetPullResult(repoId, commit, snapshot, [.. needed.Select(f => f.Path)]);
    }

    /// <summary>The data files, narrowed to <paramref name="wanted"/> when given; an unknown name is an error listing what there is.</summary>
    public static IReadOnlyList<HubFile> Select(IReadOnlyList<HubFile> listing, IReadOnlyList<string>? wanted)
    {
        var data = listing.Where(f => DatasetFormats.IsDataFile(f.Path)).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var names = wanted?.Select(w => w.Trim().Replace('\\', '/').TrimStart('/')).Where(w => w.Length > 0).ToList() ?? [];
        if (names.Count == 0)
            return data.Count > 0 ? data : throw new HubException($"the repository has no data files ({string.Join(", ", DatasetFormats.Extensions)})");
        var picked = new List<HubFile>();
        foreach (var name in names)
        {
            var matches = data.Where(f => f.Path == name || Path.GetFileName(f.Path) == name || f.Path.StartsWith(name.TrimEnd('/') + "/", StringComparison.Ordinal)).ToList();
            if (matches.Count == 0)
                throw new HubException($"no data file '{name}' in the repository; it has {string.Join(", ", data.Select(f => f.Path).DefaultIfEmpty("none"))}");
            picked.AddRange(matches.Where(m => !picked.Contains(m)));
        }
        return picked;
    }
}
