using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace RearPlayground.Tests.Web;

/// <summary>
/// POST /api/runs/{id}/rerun: the same seed by default (the exact reproduction) or a new one (?seed=new or a JSON body's
/// "seed"), and the new run names the run it re-ran in its JSON (<c>rerunOf</c>), in the list as well.
/// </summary>
[Collection("Hangfire")]
public sealed class RunsApiRerunTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    [Fact]
    public async Task A_same_seed_rerun_repeats_the_request_and_links_to_the_original()
    {
        using var client = await app.SignedInAsync();
        var first = await RunApi.SubmitAsync(client, RunApi.Tiny());
        var original = await RunApi.WaitForEndAsync(client, first);
        Assert.Null(original["rerunOf"]);
        Assert.True(original.ContainsKey("rerunOf"));

        // A bare POST, ?seed=same and a body saying "same" all mean the same thing.
        var again = new List<Guid>();
        foreach (var (url, body) in new[] { ($"/api/runs/{first}/rerun", (string?)null), ($"/api/runs/{first}/rerun?seed=same", null),
                     ($"/api/runs/{first}/rerun", "{\"seed\":\"same\"}") })
            again.Add(await RerunAsync(client, url, body, first));

        foreach (var id in again)
        {
            var run = await RunApi.WaitForEndAsync(client, id);
            Assert.Equal("succeeded", RunApi.Status(run));
            Assert.Equal(first, run["rerunOf"]!.GetValue<Guid>());
            Assert.True(JsonNode.DeepEquals(original["request"], run["request"]), "the same request, seed included");
            Assert.True(JsonNode.DeepEquals(original["candidates"], run["candidates"]), "same request and seed: same candidates");
        }
        var listed = (await client.GetFromJsonAsync<JsonObject>("/api/runs?pageSize=100"))!["items"]!.AsArray();
        Assert.All(again, id => Assert.Equal(first, listed.Single(r => r!["id"]!.GetValue<Guid>() == id)!["rerunOf"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task A_new_seed_rerun_changes_only_the_seed()
    {
        using var client = await app.SignedInAsync();
        var first = await RunApi.SubmitAsync(client, RunApi.Bon());
        var original = await RunApi.WaitForEndAsync(client, first);
        var originalSeed = original["request"]!["seed"]!.GetValue<long>();

        var byQuery = await RerunAsync(client, $"/api/runs/{first}/rerun?seed=new", null, first);
        var byBody = await RerunAsync(client, $"/api/runs/{first}/rerun", "{\"seed\":\"NEW\"}", first);

        var seeds = new List<long>();
        foreach (var id in new[] { byQuery, byBody })
        {
            var run = await RunApi.WaitForEndAsync(client, id);
            Assert.Equal("succeeded", RunApi.Status(run));
            Assert.Equal(first, run["rerunOf"]!.GetValue<Guid>());
            var request = run["request"]!.AsObject();
            var seed = request["seed"]!.GetValue<long>();
            Assert.NotEqual(originalSeed, seed);
            seeds.Add(seed);
            // Everything else is the original request.
            var rest = request.DeepClone().AsObject();
            rest["seed"] = originalSeed;
            Assert.True(JsonNode.DeepEquals(original["request"], rest), $"only the seed may differ: {request.ToJsonString()}");
            Assert.False(JsonNode.DeepEquals(original["candidates"], run["candidates"]), "another seed samples other candidates");
        }
        Assert.NotEqual(seeds[0], seeds[1]);
    }

    [Theory]
    [InlineData("?seed=other", null, "seed")]
    [InlineData("", "{\"seed\":3}", "seed")]
    [InlineData("", "{\"seed\":", "body")]
    [InlineData("", "[\"new\"]", "body")]
    public async Task A_seed_that_is_neither_same_nor_new_is_refused_by_name(string query, string? body, string field)
    {
        using var client = await app.SignedInAsync();
        var first = await RunApi.SubmitAsync(client, RunApi.Tiny());
        await RunApi.WaitForEndAsync(client, first);

        using var response = await client.PostAsync($"/api/runs/{first}/rerun{query}", Content(body));

        Assert.Equal([field], await RunApi.ErrorKeysAsync(response));
    }

    private static async Task<Guid> RerunAsync(HttpClient client, string url, string? body, Guid original)
    {
        using var response = await client.PostAsync(url, Content(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(original, accepted["rerunOf"]!.GetValue<Guid>());
        return accepted["id"]!.GetValue<Guid>();
    }

    private static StringContent? Content(string? body) => body is null ? null : new StringContent(body, Encoding.UTF8, "application/json");
}
