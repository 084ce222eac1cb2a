using RearPlayground.Tests.Support.Hub;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Variants;
using RearPlayground.Worker.Hub;
using RearPlayground.Worker.Search;

namespace RearPlayground.Tests.Hub;

/// <summary>Pulling one variant into the Hugging Face cache layout, and finding it there as ORG/NAME.</summary>
public class PullTests(HubRepoFixture repo) : IClassFixture<HubRepoFixture>
{
    private const string Repo = HubRepoFixture.Repo;

    [Fact]
    public async Task A_quantized_variant_lands_in_the_hub_cache_layout_and_loads_by_repository_id()
    {
        var cache = repo.NewCache();
        using var client = repo.Client(cache);
        var states = new List<PullProgress>();
        var result = await new ModelPuller(client, cache).PullAsync(Repo, null, "q4", new InlineProgressForTests(states.Add));

        Assert.Equal(("q4", repo.Commit), (result.Variant, result.Commit));
        Assert.Equal(["config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model_q4.onnx"], result.Files);
        var root = cache.RepoFolder(Repo);
        Assert.Equal(Path.Combine(cache.Folder, "models--onnx-community--tiny-stories-ONNX"), root);
        Assert.Equal(repo.Commit, File.ReadAllText(Path.Combine(root, "refs", "main")));
        var snapshot = Path.Combine(root, "snapshots", repo.Commit);
        Assert.Equal(snapshot, result.Folder);

        // Relative symlinks into blobs/, named by SHA-256 for LFS files and by the git blob id otherwise (huggingface_hub's layout).
        var onnx = new FileInfo(Path.Combine(snapshot, "onnx", "model_q4.onnx"));
        var sha = FakeHub.Sha256(repo.SourceBytes("onnx/model_q4.onnx"));
        Assert.Equal($"../../../blobs/{sha}", onnx.LinkTarget);
        Assert.Equal($"../../blobs/{FakeHub.GitOid(repo.SourceBytes("config.json"))}", new FileInfo(Path.Combine(snapshot, "config.json")).LinkTarget);
        Assert.Equal(repo.SourceBytes("onnx/model_q4.onnx"), File.ReadAllBytes(onnx.FullName));
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "blobs"), "*.incomplete"));
        Assert.False(File.Exists(Path.Combine(snapshot, "onnx", "model.onnx")));

        // Progress went listing → downloading → linking → done, with the byte total of the five files.
        Assert.Equal([PullState.Listing, PullState.Downloading, PullState.Linking, PullState.Done], states.Select(s => s.State).Distinct());
        Assert.Equal(result.Files.Sum(f => repo.SourceBytes(f).LongLength), states[^1].BytesTotal);
        Assert.Equal(states[^1].BytesTotal, states[^1].BytesDone);

        // Sizes are the blobs', through the symlinks.
        Assert.Equal(repo.SourceBytes("onnx/model_q4.onnx").Length, Assert.Single(ModelVariants.List(snapshot)).Bytes);
        var locator = new ModelLocator([], cache);
        Assert.Equal(snapshot, locator.Resolve(Repo));
        Assert.Contains(locator.Discover(), m => m.Name == Repo && m.Folder == snapshot);
        using var model = LanguageModel.Load(Repo, DeviceKind.Cpu, locator);
        Assert.Equal((Repo, "q4"), (model.Name, model.Variant.Name));
        var result2 = SearchRunner.Run(model, new SearchRequest(" once upon", " the cat", N: 4, MaxTokens: 12, Method: "dvts", M: 2, StepTokens: 4));
        Assert.Equal(2, result2.Candidates.Count);
    }

    [Fact]
    public async Task The_fp32_variant_brings_its_external_data_and_the_tree_is_read_through_all_its_pages()
    {
        var cache = repo.NewCache();
        using var client = repo.Client(cache);
        var result = await new ModelPuller(client, cache).PullAsync(Repo, "main", "fp32");
        Assert.Contains("onnx/model.onnx_data", result.Files);
        Assert.Equal("onnx/model.onnx", result.Files[^1]);
        Assert.Contains(repo.Hub.Requests, r => r.Contains("/tree/") && r.Contains("cursor="));
        using var model = LanguageModel.Load(Repo, DeviceKind.Cpu, new ModelLocator([], cache), variant: "fp32");
        Assert.Equal(["model.onnx_data"], model.Variant.Facts!.ExternalFiles);
    }

    [Fact]
    public async Task Without_a_variant_the_cpu_order_takes_fp32_and_a_wrong_one_lists_what_the_repository_offers()
    {
        var cache = repo.NewCache();
        using var client = repo.Client(cache);
        var chosen = await new ModelPuller(client, cache).PullAsync(Repo, null, null);
        Assert.Equal(SessionFactory.CudaLikely ? "fp16" : "fp32", chosen.Variant);
        var e = await Assert.ThrowsAsync<HubException>(() => new ModelPuller(client, cache).PullAsync(Repo, null, "q8"));
        Assert.Contains("unknown variant 'q8'", e.Message);
        Assert.Contains("fp32, q4, fp16, int8", e.Message);
        var missing = await Assert.ThrowsAsync<HubException>(() => new ModelPuller(client, cache).PullAsync("onnx-community/nothing-here", null, null));
        Assert.Contains("repository onnx-community/nothing-here not found", missing.Message);
        var revision = await Assert.ThrowsAsync<HubException>(() => new ModelPuller(client, cache).PullAsync(Repo, "v9", null));
        Assert.Contains("revision 'v9' not found", revision.Message);
    }

    private sealed class InlineProgressForTests(Action<PullProgress> report) : IProgress<PullProgress>
    {
        public void Report(PullProgress value) => report(value);
    }
}
