using System.Text.Json.Nodes;
using RearPlayground.Tests.Hub;
using RearPlayground.Tests.Support.Hub;

namespace RearPlayground.Tests.Datasets;

/// <summary><c>datasets pull</c> from a local hub (HF_ENDPOINT, HF_HUB_CACHE set for the process) and <c>datasets preview</c>.</summary>
[Collection("HubEnvironment")]
public sealed class DatasetsCliTests : IAsyncLifetime
{
    private static readonly string[] Variables = ["HF_ENDPOINT", "HF_HUB_CACHE", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_TOKEN_PATH"];
    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    private readonly DatasetFiles _files = new();
    private FakeHub _hub = null!;

    public async Task InitializeAsync()
    {
        _hub = await FakeHub.StartAsync();
        var source = Directory.CreateDirectory(Path.Combine(_files.Folder, "src")).FullName;
        File.WriteAllText(Path.Combine(source, "test.jsonl"), "{\"problem\":\"1+1\",\"answer\":\"2\"}\nnot json\n{\"problem\":\"2+2\",\"answer\":\"4\"}\n");
        _hub.AddRepo("AI-MO/aimo-mini", source, dataset: true);
        Environment.SetEnvironmentVariable("HF_ENDPOINT", _hub.Endpoint.ToString());
        Environment.SetEnvironmentVariable("HF_HUB_CACHE", Path.Combine(_files.Folder, "cache"));
        foreach (var v in new[] { "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN" }) Environment.SetEnvironmentVariable(v, null);
        Environment.SetEnvironmentVariable("HF_TOKEN_PATH", Path.Combine(_files.Folder, "no-token"));
    }

    [Fact]
    public async Task Pull_downloads_into_the_datasets_cache_and_counts_items_with_the_preset()
    {
        var (code, stdout, stderr) = await Support.Cli.Run("datasets", "pull", "AI-MO/aimo-mini", "--preset", "aime");
        Assert.True(code == 0, stderr);
        var file = JsonNode.Parse(stdout)!["files"]![0]!;
        Assert.Equal(("test.jsonl", 2, 1), (file["file"]!.GetValue<string>(), file["items"]!.GetValue<int>(), file["skipped"]!.GetValue<int>()));
        Assert.Contains(Path.Combine("cache", "datasets--AI-MO--aimo-mini", "snapshots"), file["path"]!.GetValue<string>());
        Assert.Contains("done", stderr);
    }

    [Fact]
    public async Task Preview_prints_rows_as_mapped_and_a_missing_column_is_one_error_line()
    {
        var csv = _files.Write("p.csv", "q;a\n\"x;y\";1\n");
        var (code, stdout, stderr) = await Support.Cli.Run("datasets", "preview", csv, "--mapping", "{\"question\":\"q\",\"answer\":\"a\"}");
        Assert.True(code == 0, stderr);
        Assert.Equal("x;y", JsonNode.Parse(stdout)!["items"]![0]!["question"]!.GetValue<string>());

        (code, _, stderr) = await Support.Cli.Run("datasets", "preview", csv, "--mapping", "{\"question\":\"prompt\"}");
        Assert.Equal(2, code);
        Assert.Contains("error: mapping.question: the file has no column 'prompt'", stderr);
    }

    public async Task DisposeAsync()
    {
        foreach (var (k, v) in _saved) Environment.SetEnvironmentVariable(k, v);
        await _hub.DisposeAsync();
        _files.Dispose();
    }
}
