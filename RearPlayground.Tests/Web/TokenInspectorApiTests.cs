using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data;
using RearPlayground.Data.Entities;

namespace RearPlayground.Tests.Web;

/// <summary>
/// GET /api/runs/{id}/candidates/{index}/tokens and /nodes/{nodeId}/tokens on real runs: the shape, ℓ0/ℓp agreeing
/// with the stored ones, 400 / 404 / 409 problem details.
/// </summary>
[Collection("Hangfire")]
public class TokenInspectorApiTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    [Fact]
    public async Task A_candidates_tokens_carry_the_stored_logprobs_r_at_the_runs_lambda_and_k_alternatives()
    {
        using var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, RunApi.Bon(n: 2, maxTokens: 16));
        var run = await RunApi.WaitForEndAsync(client, id);
        Assert.Equal("succeeded", RunApi.Status(run));
        var candidate = run["candidates"]![1]!;

        using var response = await client.GetAsync($"/api/runs/{id}/candidates/1/tokens?topK=3");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(20.0, answer["lambda"]!.GetValue<double>());
        var tokens = answer["tokens"]!.AsArray();
        Assert.Equal(candidate["tokenIds"]!.AsArray().Select(t => t!.GetValue<int>()), tokens.Select(t => t!["id"]!.GetValue<int>()));
        Assert.Equal(candidate["text"]!.GetValue<string>(), string.Concat(tokens.Select(t => t!["text"]!.GetValue<string>())));
        var without = RunApi.Floats(candidate["logprobsWithout"]);
        var with = RunApi.Floats(candidate["logprobsWith"]);
        for (var t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t]!.AsObject();
            Assert.Equal(["id", "text", "l0", "lp", "r", "rank0", "rankP", "kl", "top0", "topP"], token.Select(p => p.Key));
            var (l0, lp) = (RunApi.Number(token["l0"]), RunApi.Number(token["lp"]));
            Assert.True(Math.Abs(without[t] - l0) < 1e-3 && Math.Abs(with[t] - lp) < 1e-3, $"position {t}");
            Assert.Equal(-19 * l0 + 20 * lp, RunApi.Number(token["r"]), 6);
            foreach (var side in new[] { "top0", "topP" })
            {
                var top = token[side]!.AsArray();
                Assert.Equal(3, top.Count);
                Assert.All(top, a => Assert.Equal(["id", "text", "logprob"], a!.AsObject().Select(p => p.Key)));
            }
        }

        // The default k is 5, and the second asking is the cached answer.
        var again = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/candidates/1/tokens"))!;
        Assert.Equal(5, again["tokens"]![0]!["top0"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_dvts_node_is_inspected_after_its_ancestors_and_its_path_from_the_root()
    {
        using var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, RunApi.Dvts(n: 4, maxTokens: 24));
        var run = await RunApi.WaitForEndAsync(client, id);
        Assert.Equal("succeeded", RunApi.Status(run));
        var nodes = run["tree"]!.AsArray().ToDictionary(n => n!["id"]!.GetValue<int>(), n => n!.AsObject());
        var deep = nodes.Values.First(n => n["depth"]!.GetValue<int>() >= 1 && n["parentId"] is not null);
        var nodeId = deep["id"]!.GetValue<int>();

        var own = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/nodes/{nodeId}/tokens?topK=2"))!["tokens"]!.AsArray();
        // The node's stored ℓ0/ℓp were scored after its ancestors: the inspector forces them first, so they agree.
        var stored = RunApi.Floats(deep["logprobsWithout"]);
        Assert.Equal(stored.Length, own.Count);
        for (var t = 0; t < own.Count; t++) Assert.True(Math.Abs(stored[t] - RunApi.Number(own[t]!["l0"])) < 1e-3, $"position {t}");

        var path = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/nodes/{nodeId}/tokens?topK=2&scope=path"))!["tokens"]!.AsArray();
        var ids = new List<int>();
        for (JsonObject? n = deep; n is not null; n = n["parentId"] is { } p ? nodes[p.GetValue<int>()] : null)
            ids.InsertRange(0, n["tokenIds"]!.AsArray().Select(t => t!.GetValue<int>()));
        Assert.Equal(ids, path.Select(t => t!["id"]!.GetValue<int>()));
        Assert.Equal(own.Select(t => t!["id"]!.GetValue<int>()), path.Skip(path.Count - own.Count).Select(t => t!["id"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Bad_k_is_400_unknown_run_candidate_or_node_is_404_and_anonymous_is_401()
    {
        using var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, RunApi.Tiny());
        await RunApi.WaitForEndAsync(client, id);

        foreach (var query in new[] { "topK=0", "topK=21", "topK=-3" })
        {
            Assert.Equal(["topK"], await RunApi.ErrorKeysAsync(await client.GetAsync($"/api/runs/{id}/candidates/0/tokens?{query}")));
            Assert.Equal(["topK"], await RunApi.ErrorKeysAsync(await client.GetAsync($"/api/runs/{id}/nodes/0/tokens?{query}")));
        }
        using (var notANumber = await client.GetAsync($"/api/runs/{id}/candidates/0/tokens?topK=abc"))
            Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
        Assert.Equal(["scope"], await RunApi.ErrorKeysAsync(await client.GetAsync($"/api/runs/{id}/nodes/0/tokens?scope=tree")));

        foreach (var path in new[] { $"/api/runs/{Guid.NewGuid()}/candidates/0/tokens", $"/api/runs/{id}/candidates/7/tokens",
                     $"/api/runs/{id}/nodes/99/tokens", $"/api/runs/{Guid.NewGuid()}/nodes/0/tokens" })
        {
            using var missing = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        }
        using var anonymous = app.Anonymous();
        using var refused = await anonymous.GetAsync($"/api/runs/{id}/candidates/0/tokens");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_run_whose_model_is_gone_is_a_409_saying_so()
    {
        var id = Guid.NewGuid();
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<RearDbContext>>().CreateDbContextAsync())
        {
            db.Runs.Add(new RunEntity
            {
                Id = id, Owner = WebAppFactory.AdminEmail, Model = "removed-model", Method = "bon", Question = "Once", Preference = "cats",
                RequestJson = """{"lambda":20}""", Status = RunStatus.Succeeded, Best = 0,
            });
            db.Candidates.Add(new CandidateEntity
            {
                RunId = id, Index = 0, NodeId = 0, Text = "a b", TokenIdsJson = "[5,6]", LogProbsWithoutJson = "[-1,-2]",
                LogProbsWithJson = "[-1,-2]", Score = -1.5, FinishReason = "length",
            });
            await db.SaveChangesAsync();
        }
        using var client = await app.SignedInAsync();
        using var response = await client.GetAsync($"/api/runs/{id}/candidates/0/tokens");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("removed-model", problem["detail"]!.GetValue<string>());
        Assert.Contains("not in the model directories", problem["detail"]!.GetValue<string>());
    }
}
