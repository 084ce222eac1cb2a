using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RearPlayground.Tests.Support;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Tests.Web;

/// <summary>The model listing, the health check and the OpenAPI document.</summary>
[Collection("Hangfire")]
public class ServiceEndpointsTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    [Fact]
    public async Task The_models_list_holds_stories260K_with_its_facts()
    {
        using var client = await app.SignedInAsync();

        var models = (await client.GetFromJsonAsync<JsonArray>("/api/models"))!;

        var stories = models.Single(m => m!["name"]!.GetValue<string>() == "stories260K")!;
        Assert.Equal(Path.GetFullPath(SharedModels.Stories), Path.GetFullPath(stories["folder"]!.GetValue<string>()));
        Assert.Null(stories["error"]);
        var expected = ModelFacts.Of(SharedModels.StoriesCpu);
        var facts = stories["facts"]!;
        Assert.Equal(
            (expected.Layers, expected.KvHeads, expected.HeadDim, expected.VocabSize, expected.MaxPositions, expected.KvType, expected.ChatTemplate),
            (facts["layers"]!.GetValue<int>(), facts["kvHeads"]!.GetValue<int>(), facts["headDim"]!.GetValue<int>(), facts["vocabSize"]!.GetValue<int>(),
                facts["maxPositions"]!.GetValue<int>(), facts["kvType"]!.GetValue<string>(), facts["chatTemplate"]!.GetValue<string>()));
        Assert.Equal((5, 4, 8, 512, 512), (expected.Layers, expected.KvHeads, expected.HeadDim, expected.VocabSize, expected.MaxPositions));
        // Names are unique; the nested test models are listed by their path under the directory.
        Assert.Equal(models.Count, models.Select(m => m!["name"]!.GetValue<string>()).Distinct().Count());
        Assert.Contains(models, m => m!["name"]!.GetValue<string>() == "test/random-260K");
    }

    [Fact]
    public async Task Health_is_healthy_with_the_database_a_job_server_and_models()
    {
        using var client = app.Anonymous();
        using var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_runs_API()
    {
        using var client = app.Anonymous();
        var document = (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>());
        var paths = document["paths"]!.AsObject();
        foreach (var path in new[] { "/api/runs", "/api/runs/{id}", "/api/runs/{id}/events", "/api/runs/{id}/cancel", "/api/runs/{id}/rerun",
                     "/api/runs/{id}/rescore", "/api/runs/{id}/picks", "/api/models", "/api/users", "/login" })
            Assert.True(paths.ContainsKey(path), $"{path} is not in the OpenAPI document");
    }
}
