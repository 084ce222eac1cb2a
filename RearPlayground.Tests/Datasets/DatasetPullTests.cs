using RearPlayground.Tests.Support.Hub;
using RearPlayground.Worker.Datasets;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Hub;

namespace RearPlayground.Tests.Datasets;

/// <summary>
/// A dataset repository pulled from a local fake hub through the model pull's machinery: the dataset routes, the
/// datasets--ORG--NAME cache layout, the data files picked (and narrowed), a dropped first download resumed with a
/// Range request, a gated file needing the token.
/// </summary>
public sealed class DatasetPullTests : IAsyncLifetime
{
    public const string Repo = "test-org/prefs";
    private readonly DatasetFiles _files = new();
    private FakeHub _hub = null!;
    private byte[] _parquet = [];

    public async Task InitializeAsync()
    {
        _hub = await FakeHub.StartAsync();
        var source = Directory.CreateDirectory(Path.Combine(_files.Folder, "repo")).FullName;
        var rows = Enumerable.Range(0, 400).Select(i => ($"Problem {i}: what is {i} squared?", (i * i).ToString(System.Globalization.CultureInfo.InvariantCulture), i % 5)).ToList();
        File.Copy(await _files.WriteParquetAsync("train.parquet", rows, groupSize: 100), Path.Combine(source, "train.parquet"));
        _parquet = File.ReadAllBytes(Path.Combine(source, "train.parquet"));
        Directory.CreateDirectory(Path.Combine(source, "data"));
        File.WriteAllText(Path.Combine(source, "data", "test.csv"), "problem,answer\n\"Add 1, 2\",3\n");
        File.WriteAllText(Path.Combine(source, "README.md"), "# prefs\n");
        _hub.AddRepo(Repo, source, dataset: true);
    }

    private HubCache NewCache() => new(Path.Combine(_files.Folder, "cache-" + Guid.NewGuid().ToString("N")));

    private HubClient Client(HubCache cache, string? token = null) =>
        new(new HubSettings(_hub.Endpoint.ToString(), token, cache.Folder)) { RepoType = HubRepoType.Dataset };

    [Fact]
    public async Task A_dropped_first_download_resumes_and_the_files_land_in_the_datasets_cache_layout()
    {
        var cache = NewCache();
        using var client = Client(cache);
        _hub.DropAfter[$"datasets/{Repo}/train.parquet"] = _parquet.Length / 2;
        var reports = new List<PullProgress>();
        var result = await new DatasetPuller(client, cache).PullAsync(Repo, null, null, new InlineReports(reports));

        Assert.Equal(["data/test.csv", "train.parquet"], result.Files);
        Assert.StartsWith(Path.Combine(cache.Folder, "datasets--test-org--prefs", "snapshots", result.Commit), result.Snapshot);
        Assert.Equal(_parquet, File.ReadAllBytes(result.PathOf("train.parquet")));
        Assert.Contains(_hub.Requests, r => r == $"GET /api/datasets/{Repo}/revision/main");
        Assert.Contains(_hub.Requests, r => r.StartsWith($"HEAD /datasets/{Repo}/resolve/{result.Commit}/train.parquet", StringComparison.Ordinal));
        // The retry after the drop asks only for what was missing.
        Assert.Contains(_hub.Requests, r => r.Contains($"/cdn/datasets/{Repo}/") && r.Contains("bytes=") && !r.EndsWith("bytes=0-", StringComparison.Ordinal));
        Assert.Equal(PullState.Done, reports[^1].State);
        Assert.Equal(_parquet.Length + File.ReadAllBytes(result.PathOf("data/test.csv")).Length, reports[^1].BytesTotal);
        Assert.Equal(result.Commit, File.ReadAllText(Path.Combine(cache.Folder, "datasets--test-org--prefs", "refs", "main")));

        // What was pulled imports like an upload.
        await using var reader = await DatasetReader.OpenAsync(result.PathOf("train.parquet"), "train.parquet", new(), default);
        var skipped = new SkipLog();
        var count = 0;
        await foreach (var _ in reader.ItemsAsync(reader.Resolve(null, "math500"), skipped)) count++;
        Assert.Equal(400, count);
    }

    [Fact]
    public async Task Files_narrows_the_pull_and_an_unknown_file_is_named()
    {
        var cache = NewCache();
        using var client = Client(cache);
        var result = await new DatasetPuller(client, cache).PullAsync(Repo, "main", ["test.csv"]);
        Assert.Equal(["data/test.csv"], result.Files);
        Assert.False(File.Exists(result.PathOf("train.parquet")));

        var e = await Assert.ThrowsAsync<HubException>(() => new DatasetPuller(client, cache).PullAsync(Repo, null, ["nope.jsonl"]));
        Assert.Contains("no data file 'nope.jsonl'", e.Message);
        Assert.Contains("train.parquet", e.Message);
    }

    [Fact]
    public async Task A_gated_file_needs_the_token()
    {
        var cache = NewCache();
        _hub.Gated[$"datasets/{Repo}/data/test.csv"] = true;
        using (var anonymous = Client(cache))
        {
            var e = await Assert.ThrowsAsync<HubException>(() => new DatasetPuller(anonymous, cache).PullAsync(Repo, null, ["data/test.csv"]));
            Assert.Contains("needs a token", e.Message);
        }
        using var client = Client(cache, _hub.Token);
        var result = await new DatasetPuller(client, cache).PullAsync(Repo, null, ["data/test.csv"]);
        Assert.True(File.Exists(result.PathOf("data/test.csv")));
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _files.Dispose();
    }

    private sealed class InlineReports(List<PullProgress> list) : IProgress<PullProgress>
    {
        public void Report(PullProgress value)
        {
            lock (list) list.Add(value);
        }
    }
}
