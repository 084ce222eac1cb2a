using RearPlayground.Tests.Support.Hub;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Hub;

namespace RearPlayground.Tests.Hub;

/// <summary>
/// What goes wrong on the way, and what it leaves: a dropped connection resumes with Range and still verifies; a pull
/// stopped halfway lists nothing and the next one resumes from the partial blob; a corrupted body is refused and
/// removed; a gated file needs HF_TOKEN.
/// </summary>
public class PullFailureTests(HubRepoFixture repo) : IClassFixture<HubRepoFixture>
{
    private const string Repo = HubRepoFixture.GenAiRepo, Onnx = "model.onnx";

    private string Key => $"{Repo}/{Onnx}";
    private string Sha => FakeHub.Sha256(repo.SourceBytes("../genai/model.onnx"));
    private int Half => repo.SourceBytes("../genai/model.onnx").Length / 2;

    [Fact]
    public async Task A_connection_dropped_halfway_is_resumed_with_a_range_request_and_the_hash_still_matches()
    {
        var cache = repo.NewCache();
        using var client = repo.Client(cache);
        repo.Hub.DropAfter[Key] = Half;
        var start = repo.Hub.Requests.Count;
        var result = await new ModelPuller(client, cache).PullAsync(Repo, null, null);

        // Aborting drops what was still in flight, so the resume starts at or before the half that was sent.
        Assert.Contains(repo.Hub.Requests.Skip(start), IsResume);
        Assert.True(File.Exists(cache.BlobPath(Repo, Sha)));
        Assert.Equal(repo.SourceBytes("../genai/model.onnx"), File.ReadAllBytes(Path.Combine(result.Folder, Onnx)));
        using var model = LanguageModel.Load(Repo, DeviceKind.Cpu, new ModelLocator([], cache));
        Assert.False(model.CanExtendCache);
    }

    [Fact]
    public async Task A_pull_stopped_halfway_leaves_no_model_and_the_next_pull_resumes_the_partial_file()
    {
        var cache = repo.NewCache();
        using var client = repo.Client(cache);
        repo.Hub.DropAfter[Key] = Half;
        repo.Hub.HoldAfterDrop[Key] = true;
        var start = repo.Hub.Requests.Count;
        using var stop = new CancellationTokenSource();
        var pull = new ModelPuller(client, cache).PullAsync(Repo, null, null, null, stop.Token);
        // The retry after the drop now hangs like a dead network: stop the pull there.
        await WaitFor(() => repo.Hub.Requests.Skip(start).Any(IsResume));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pull);

        var incomplete = cache.BlobPath(Repo, Sha) + ".incomplete";
        var partial = new FileInfo(incomplete).Length;
        Assert.InRange(partial, 1, Half);
        Assert.False(Directory.Exists(Path.Combine(cache.RepoFolder(Repo), "snapshots")));
        var locator = new ModelLocator([], cache);
        Assert.Empty(locator.Discover());
        Assert.Throws<ModelLoadException>(() => locator.Resolve(Repo));

        repo.Hub.Hold.TryRemove(Key, out var gate);
        gate!.TrySetResult();
        var before = repo.Hub.Requests.Count;
        var result = await new ModelPuller(client, cache).PullAsync(Repo, null, null);
        Assert.Contains(repo.Hub.Requests.Skip(before), r => r.Contains($"/cdn/{Repo}/{Sha}") && r.EndsWith($"bytes={partial}-", StringComparison.Ordinal));
        Assert.False(File.Exists(incomplete));
        Assert.Equal(result.Folder, locator.Resolve(Repo));
    }

    [Fact]
    public async Task A_corrupted_body_fails_the_checksum_and_leaves_nothing_listed()
    {
        var cache = repo.NewCache();
        using var client = repo.Client(cache);
        repo.Hub.Corrupt[Key] = true;
        try
        {
            var e = await Assert.ThrowsAsync<HubException>(() => new ModelPuller(client, cache).PullAsync(Repo, null, null));
            Assert.Contains($"{Repo}/{Onnx} is corrupt: expected SHA-256 {Sha}", e.Message);
        }
        finally
        {
            repo.Hub.Corrupt.TryRemove(Key, out _);
        }
        Assert.False(File.Exists(cache.BlobPath(Repo, Sha)));
        Assert.False(File.Exists(cache.BlobPath(Repo, Sha) + ".incomplete"));
        Assert.False(Directory.Exists(Path.Combine(cache.RepoFolder(Repo), "snapshots")));
        Assert.Empty(new ModelLocator([], cache).Discover());
    }

    [Fact]
    public async Task A_gated_file_needs_the_token_and_says_so()
    {
        var cache = repo.NewCache();
        repo.Hub.Gated[$"{HubRepoFixture.Repo}/onnx/model_int8.onnx"] = true;
        using (var anonymous = repo.Client(cache))
        {
            var e = await Assert.ThrowsAsync<HubException>(() => new ModelPuller(anonymous, cache).PullAsync(HubRepoFixture.Repo, null, "int8"));
            Assert.StartsWith($"{HubRepoFixture.Repo}/onnx/model_int8.onnx needs a token: it is gated or private. Set HF_TOKEN", e.Message);
            Assert.Contains("Access to model", e.Message);
        }
        using (var wrong = repo.Client(cache, "hf_wrong"))
        {
            var e = await Assert.ThrowsAsync<HubException>(() => new ModelPuller(wrong, cache).PullAsync(HubRepoFixture.Repo, null, "int8"));
            Assert.StartsWith("the hub refused HF_TOKEN", e.Message);
        }
        Assert.False(Directory.Exists(Path.Combine(cache.RepoFolder(HubRepoFixture.Repo), "snapshots")));
        using var authorized = repo.Client(cache, repo.Hub.Token);
        var result = await new ModelPuller(authorized, cache).PullAsync(HubRepoFixture.Repo, null, "int8");
        Assert.Equal("int8", result.Variant);
        // The token goes to the hub only, never to the CDN the LFS files redirect to (checked by the fake: it never asks there).
    }

    // A CDN request for the file with a Range from a byte past 0 and not past the half that was sent.
    private bool IsResume(string request)
    {
        var at = request.LastIndexOf("bytes=", StringComparison.Ordinal);
        return request.Contains($"/cdn/{Repo}/{Sha}") && at > 0 && long.TryParse(request[(at + 6)..].TrimEnd('-'), out var from) && from > 0 && from <= Half;
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition()) await Task.Delay(20, timeout.Token);
    }
}
