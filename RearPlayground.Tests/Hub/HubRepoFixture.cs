using RearPlayground.Tests.Support.Attention;
using RearPlayground.Tests.Support.Hub;
using RearPlayground.Worker.Hub;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Tests.Hub;

/// <summary>
/// A fake hub serving "onnx-community/tiny-stories-ONNX" (fp32 with external data, fp16, q4, int8 under onnx/) and
/// "microsoft/tiny-stories-genai" (one model.onnx whose mask only handles no cache or one new token). Each test pulls
/// into its own temp cache folder: never the real ~/.cache.
/// </summary>
public sealed class HubRepoFixture : IAsyncLifetime
{
    public const string Repo = "onnx-community/tiny-stories-ONNX", GenAiRepo = "microsoft/tiny-stories-genai";

    private readonly string _sources = Path.Combine(Path.GetTempPath(), "rear-hub-src-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _caches = [];

    public FakeHub Hub { get; private set; } = null!;
    public string Commit { get; private set; } = "";
    public string Source => Path.Combine(_sources, "repo");

    public async Task InitializeAsync()
    {
        Hub = await FakeHub.StartAsync();
        var weights = AttentionWeights.Create();
        AttentionModel.WriteFiles(Source, weights, MaskKind.Proper, underOnnx: true,
            [WeightFormat.Fp32, WeightFormat.Fp16, WeightFormat.Q4, WeightFormat.Int8], externalData: true);
        Commit = Hub.AddRepo(Repo, Source);
        var genai = Path.Combine(_sources, "genai");
        AttentionModel.WriteFiles(genai, weights, MaskKind.LengthOnly, underOnnx: false, [WeightFormat.Fp32]);
        Hub.AddRepo(GenAiRepo, genai);
    }

    /// <summary>A fresh, empty cache folder (removed with the fixture).</summary>
    public HubCache NewCache()
    {
        var folder = Path.Combine(Path.GetTempPath(), "rear-hf-cache-" + Guid.NewGuid().ToString("N"));
        lock (_caches) _caches.Add(folder);
        return new HubCache(folder);
    }

    public HubClient Client(HubCache cache, string? token = null) => new(new HubSettings(Hub.Endpoint.ToString(), token, cache.Folder));

    public byte[] SourceBytes(string path) => File.ReadAllBytes(Path.Combine(Source, path));

    public async Task DisposeAsync()
    {
        await Hub.DisposeAsync();
        foreach (var folder in _caches.Append(_sources))
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
