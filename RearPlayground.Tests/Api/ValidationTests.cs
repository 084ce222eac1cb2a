using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Api;

/// <summary>
/// POST /api/runs answers a bad request with 400 problem details whose "errors" name each bad field (camelCase,
/// as in the request), one field per case here, and queues nothing.
/// </summary>
[Collection("Hangfire")]
public class ValidationTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    private static readonly string Long = new('x', 4001);

    public static TheoryData<string, string> BadFields() => new()
    {
        { "model", """{"model":null}""" },
        { "model", """{"model":"  "}""" },
        { "method", """{"method":null}""" },
        { "method", """{"method":"beam"}""" },
        { "question", """{"question":null}""" },
        { "question", $$"""{"question":"{{Long}}"}""" },
        { "preference", $$"""{"preference":"{{Long}}"}""" },
        { "scorer", """{"scorer":"oracle"}""" },
        { "agg", """{"agg":"median"}""" },
        { "device", """{"device":"tpu"}""" },
        { "n", """{"n":0}""" },
        { "n", """{"n":65}""" },
        { "m", """{"m":0}""" },
        { "m", """{"m":65}""" },
        { "m", """{"method":"dvts","n":4,"m":3}""" },
        { "maxTokens", """{"maxTokens":0}""" },
        { "maxTokens", """{"maxTokens":513}""" },
        { "separator", """{"separator":null}""" },
        { "separator", $$"""{"separator":"{{Long}}"}""" },
        { "stop", $$"""{"stop":"{{Long}}"}""" },
        { "temperature", """{"temperature":-1}""" },
        { "topP", """{"topP":0}""" },
        { "topP", """{"topP":1.5}""" },
        { "topK", """{"topK":-1}""" },
        { "gamma", """{"gamma":0}""" },
        { "gamma", """{"gamma":1.5}""" },
        { "lambda", """{"lambda":1e400}""" },
        { "guidance", """{"method":"guided","guidance":1e400}""" },
        { "guidance", """{"method":"bon","guidance":-2e6}""" },
        { "stepTokens", """{"stepTokens":0}""" },
        { "maxSteps", """{"maxSteps":0}""" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_field_is_named_in_the_problem_details(string field, string overrides)
    {
        using var client = await app.SignedInAsync();
        var body = RunApi.Tiny();
        foreach (var (key, value) in JsonNode.Parse(overrides)!.AsObject()) body[key] = value?.DeepClone();
        var before = await TotalAsync(client);

        using var response = await client.PostAsJsonAsync("/api/runs", body);

        Assert.Equal([field], await RunApi.ErrorKeysAsync(response));
        Assert.Equal(before, await TotalAsync(client));
    }

    [Fact]
    public async Task Every_bad_field_of_one_request_is_named()
    {
        using var client = await app.SignedInAsync();
        using var response = await client.PostAsJsonAsync("/api/runs", new { method = "beam", n = 0, topP = 2, agg = "median" });
        var keys = await RunApi.ErrorKeysAsync(response);
        Assert.Equal(["agg", "method", "model", "n", "question", "topP"], keys.Order());
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{\"model\":")]
    [InlineData("{\"n\":\"four\"}")]
    [InlineData("[1, 2]")]
    public async Task A_body_that_is_no_run_request_is_a_bad_request(string json)
    {
        using var client = await app.SignedInAsync();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/runs", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_greedy_run_ignores_n()
    {
        using var client = await app.SignedInAsync();
        var body = RunApi.Tiny();
        body["method"] = "greedy";
        body["n"] = 0;
        var id = await RunApi.SubmitAsync(client, body);
        var run = await RunApi.WaitForEndAsync(client, id);
        Assert.Equal("succeeded", RunApi.Status(run));
        Assert.Single(run["candidates"]!.AsArray());
    }

    [Theory]
    [InlineData("/api/runs?status=sleeping", "status")]
    public async Task Bad_query_values_are_named(string path, string field)
    {
        using var client = await app.SignedInAsync();
        using var response = await client.GetAsync(path);
        Assert.Equal([field], await RunApi.ErrorKeysAsync(response));
    }

    private static async Task<int> TotalAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonObject>("/api/runs"))!["total"]!.GetValue<int>();
}
