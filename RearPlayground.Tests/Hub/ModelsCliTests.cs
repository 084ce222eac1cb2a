using System.Text.Json.Nodes;

using RearPlayground.Tests.Support.Attention;
using RearPlayground.Tests.Support.Hub;
using RearPlayground.Worker.Hub;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Tests.Hub;

/// <summary>The command line reads HF_ENDPOINT, HF_HUB_CACHE and HF_TOKEN from the process environment: these tests set them, alone.</summary>
[CollectionDefinition("HubEnvironment", DisableParallelization = true)]
public sealed class HubEnvironmentCollection;

/// <summary>
/// <c>models pull</c> from the (fake) hub, then <c>run</c> Best-of-N and DVTS by repository id on a downloaded quantized
/// variant, an onnxruntime-genai-style export and a repository already in the cache; errors are one clear line.
/// </summary>
[Collection("HubEnvironment")]
public sealed class ModelsCliTests : IClassFixture<HubRepoFixture>, IDisposable
{
    private static readonly string[] Variables = ["HF_ENDPOINT", "HF_HUB_CACHE", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_TOKEN_PATH"];
    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    private readonly HubRepoFixture _repo;
    private readonly HubCache _cache;

    public ModelsCliTests(HubRepoFixture repo)
    {
        _repo = repo;
        _cache = repo.NewCache();
        Environment.SetEnvironmentVariable("HF_ENDPOINT", repo.Hub.Endpoint.ToString());
        Environment.SetEnvironmentVariable("HF_HUB_CACHE", _cache.Folder);
        foreach (var v in new[] { "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN" }) Environment.SetEnvironmentVariable(v, null);
        Environment.SetEnvironmentVariable("HF_TOKEN_PATH", Path.Combine(_cache.Folder, "no-token"));
    }

    private static string[] RunArgs(string model, string method, params string[] extra) =>
    [
        "run", "--model", model, "--method", method, "--question", " once upon", "--preference", " the cat", "--separator", "\n\n",
        "-n", "4", "-m", "2", "--max-tokens", "16", "--step-tokens", "4", "--device", "cpu", "--json", .. extra,
    ];

    private static async Task<JsonObject> RunJsonAsync(params string[] args)
    {
        var (code, stdout, stderr) = await Support.Cli.Run(args);
        Assert.True(code == 0, stderr);
        return JsonNode.Parse(stdout)!.AsObject();
    }

    [Fact]
    public async Task Pull_a_quantized_variant_then_run_best_of_n_and_dvts_by_repository_id()
    {
        var (code, stdout, stderr) = await Support.Cli.Run("models", "pull", HubRepoFixture.Repo, "--variant", "q4");
        Assert.True(code == 0, stderr);
        var pulled = JsonNode.Parse(stdout)!;
        Assert.Equal(("q4", _repo.Commit), (pulled["variant"]!.GetValue<string>(), pulled["commit"]!.GetValue<string>()));
        Assert.Equal(_cache.SnapshotFolder(HubRepoFixture.Repo, _repo.Commit), pulled["folder"]!.GetValue<string>());
        Assert.Contains($"{HubRepoFixture.Repo} q4: done", stderr);

        var sha = FakeHub.Sha256(_repo.SourceBytes("onnx/model_q4.onnx"));
        foreach (var method in new[] { "bon", "dvts" })
        {
            var result = await RunJsonAsync(RunArgs(HubRepoFixture.Repo, method, "--variant", "q4"));
            Assert.Equal((HubRepoFixture.Repo, "q4", sha), (result["model"]!.GetValue<string>(), result["variant"]!.GetValue<string>(), result["modelHash"]!.GetValue<string>()));
            Assert.NotEmpty(result["candidates"]!.AsArray());
        }

        var (listCode, list, _) = await Support.Cli.Run("models", "list");
        Assert.Equal(0, listCode);
        Assert.Contains(HubRepoFixture.Repo, list);
        Assert.Contains("onnx/model_q4.onnx", list);
        var (scoreCode, score, scoreErr) = await Support.Cli.Run("score", "--model", HubRepoFixture.Repo, "--variant", "q4", "--question", " once upon",
            "--preference", " the cat", "--response", " a time.", "--json");
        Assert.True(scoreCode == 0, scoreErr);
        Assert.NotEmpty(JsonNode.Parse(score)!["logprobsWith"]!.AsArray());
    }

    [Fact]
    public async Task An_onnxruntime_genai_style_export_runs_best_of_n_and_dvts()
    {
        var (code, _, stderr) = await Support.Cli.Run("models", "pull", HubRepoFixture.GenAiRepo);
        Assert.True(code == 0, stderr);
        foreach (var method in new[] { "bon", "dvts" })
            Assert.NotEmpty((await RunJsonAsync(RunArgs(HubRepoFixture.GenAiRepo, method)))["candidates"]!.AsArray());
    }

    [Fact]
    public async Task A_repository_already_in_the_cache_runs_without_a_pull()
    {
        var source = Path.Combine(_cache.Folder, "..", Path.GetFileName(_cache.Folder) + "-src");
        AttentionModel.WriteFiles(source, AttentionWeights.Create(seed: 5), MaskKind.Proper, underOnnx: false, [WeightFormat.Fp32]);
        PythonStyleCache.Write(_cache, "TinyStories/python-cached", source);
        foreach (var method in new[] { "bon", "dvts" })
        {
            var result = await RunJsonAsync(RunArgs("TinyStories/python-cached", method));
            Assert.Equal(("TinyStories/python-cached", "fp32"), (result["model"]!.GetValue<string>(), result["variant"]!.GetValue<string>()));
        }
        Directory.Delete(source, recursive: true);
    }

    [Fact]
    public async Task A_wrong_variant_a_gated_file_and_a_model_that_is_not_there_are_one_clear_line()
    {
        var (code, _, stderr) = await Support.Cli.Run("models", "pull", HubRepoFixture.Repo, "--variant", "q8");
        Assert.Equal(2, code);
        Assert.StartsWith("error: unknown variant 'q8': the repository offers fp32, q4, fp16, int8", LastLine(stderr));

        _repo.Hub.Gated[$"{HubRepoFixture.Repo}/onnx/model_fp16.onnx"] = true;
        (code, _, stderr) = await Support.Cli.Run("models", "pull", HubRepoFixture.Repo, "--variant", "fp16");
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {HubRepoFixture.Repo}/onnx/model_fp16.onnx needs a token: it is gated or private. Set HF_TOKEN", LastLine(stderr));

        (code, _, stderr) = await Support.Cli.Run(RunArgs("onnx-community/not-pulled", "bon"));
        Assert.Equal(2, code);
        Assert.Contains("pull it with `models pull ORG/NAME`", stderr);
    }

    // Progress lines come first on stderr; the error is the last line.
    private static string LastLine(string text) => text.TrimEnd().Split('\n')[^1];

    public void Dispose()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
    }
}
