using RearPlayground.Tests.Support.Attention;
using RearPlayground.Tests.Support.Hub;
using RearPlayground.Tests.Web;
using RearPlayground.Worker.Hub;
using RearPlayground.Worker.Engine;

namespace RearPlayground.Tests.Hub;

/// <summary>
/// The web app pointed at a fake hub, with three ways to have a model: pull "onnx-community/tiny-stories-ONNX"
/// (fp32 + external data, fp16, q4, int8) or "microsoft/tiny-stories-genai" (length-only mask), or use
/// "TinyStories/python-cached", already in the app's hub cache as huggingface_hub leaves it.
/// </summary>
public sealed class HubAppFixture : IAsyncLifetime
{
    public const string Repo = HubRepoFixture.Repo, GenAiRepo = HubRepoFixture.GenAiRepo, CachedRepo = "TinyStories/python-cached";

    private readonly string _sources = Path.Combine(Path.GetTempPath(), "rear-hub-app-src-" + Guid.NewGuid().ToString("N"));

    public FakeHub Hub { get; private set; } = null!;
    public WebAppFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Hub = await FakeHub.StartAsync();
        var weights = AttentionWeights.Create();
        AttentionModel.WriteFiles(Path.Combine(_sources, "repo"), weights, MaskKind.Proper, underOnnx: true,
            [WeightFormat.Fp32, WeightFormat.Fp16, WeightFormat.Q4, WeightFormat.Int8], externalData: true);
        Hub.AddRepo(Repo, Path.Combine(_sources, "repo"));
        AttentionModel.WriteFiles(Path.Combine(_sources, "genai"), weights, MaskKind.LengthOnly, underOnnx: false, [WeightFormat.Fp32]);
        Hub.AddRepo(GenAiRepo, Path.Combine(_sources, "genai"));
        AttentionModel.WriteFiles(Path.Combine(_sources, "cached"), AttentionWeights.Create(seed: 11), MaskKind.Proper, underOnnx: false, [WeightFormat.Fp32]);

        App = new WebAppFactory(null, new Dictionary<string, string?> { ["Rear:Hub:Endpoint"] = Hub.Endpoint.ToString() });
        PythonStyleCache.Write(new HubCache(App.HubCacheFolder), CachedRepo, Path.Combine(_sources, "cached"));
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Hub.DisposeAsync();
        if (Directory.Exists(_sources)) Directory.Delete(_sources, recursive: true);
    }
}
