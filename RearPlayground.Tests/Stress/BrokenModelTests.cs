using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RearPlayground.Tests.Support;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Stress;

/// <summary>The real app with a second model directory holding "broken": a tokenizer and config, but no usable ONNX file.</summary>
public sealed class BrokenModelApp : WebAppFactory
{
    public static readonly string Directory = Path.Combine(Path.GetTempPath(), "rear-broken-models-" + Guid.NewGuid().ToString("N"));

    public BrokenModelApp() : base(null, new Dictionary<string, string?> { ["Rear:ModelDirectories:1"] = Prepare() }) { }

    private static string Prepare()
    {
        var folder = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "broken")).FullName;
        foreach (var file in new[] { "config.json", "tokenizer.model" })
            File.Copy(Path.Combine(SharedModels.Stories, file), Path.Combine(folder, file), overwrite: true);
        File.WriteAllText(Path.Combine(folder, "model.onnx"), "this is not an ONNX model");
        return Directory;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { } // best effort
    }
}

/// <summary>
/// A catalogue model that cannot be loaded is refused at submit with its load problem: the model's name and the file
/// relative to its folder, never a server path; the catalogue says the same to everyone; the app goes on.
/// </summary>
[Collection("Hangfire")]
public sealed class BrokenModelTests(BrokenModelApp app) : IClassFixture<BrokenModelApp>
{
    [Fact]
    public async Task A_broken_model_is_named_without_server_paths_and_the_app_goes_on()
    {
        using var ann = await TeamClients.MemberAsync(app, TeamClients.Ann);
        var body = RunApi.Tiny();
        body["model"] = "broken";

        using var refused = await ann.PostAsJsonAsync("/api/runs", body);
        var models = await ann.GetStringAsync("/api/models");

        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        var error = Assert.Single(problem["errors"]!.AsObject());
        Assert.Equal("model", error.Key);
        var message = error.Value![0]!.GetValue<string>();
        Assert.StartsWith("model 'broken' cannot be loaded: ", message);
        Assert.Contains("model.onnx", message);
        foreach (var text in new[] { message, models })
        {
            Assert.DoesNotContain(BrokenModelApp.Directory, text);
            Assert.DoesNotContain(SharedModels.Root, text);
        }
        Assert.Contains("cannot be loaded", JsonNode.Parse(models)!.AsArray().Single(m => m!["name"]!.GetValue<string>() == "broken")!["error"]!.GetValue<string>());
        var next = await RunApi.SubmitAsync(ann, RunApi.Tiny());
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(ann, next)));
    }
}
