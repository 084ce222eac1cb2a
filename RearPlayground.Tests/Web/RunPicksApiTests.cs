using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Tests.Web;

/// <summary>GET /api/runs/{id}/picks on a real run: each selector's pick agrees with the rescore API and the run's seed.</summary>
[Collection("Hangfire")]
public class RunPicksApiTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    [Fact]
    public async Task Each_pick_is_the_rescore_APIs_best_at_its_lambda_and_the_seeds_random_pick()
    {
        using var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, RunApi.Bon());
        var run = await RunApi.WaitForEndAsync(client, id);
        Assert.Equal("succeeded", RunApi.Status(run));

        var answer = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/picks"))!;
        var picks = answer["picks"]!.AsObject();
        Assert.Equal(["rear", "likelihood", "preference", "random", "genrm", "greedy"], picks.Select(p => p.Key));
        // Left out, λ, γ and the aggregation are the run's: its own best.
        Assert.Equal((20.0, 1.0, "mean"), (answer["lambda"]!.GetValue<double>(), answer["gamma"]!.GetValue<double>(), answer["agg"]!.GetValue<string>()));
        Assert.Equal(run["best"]!.GetValue<int>(), picks["rear"]!.GetValue<int>());
        Assert.Equal(await BestAsync(client, id, "lambda=0"), picks["likelihood"]!.GetValue<int>());
        Assert.Equal(await BestAsync(client, id, "lambda=1"), picks["preference"]!.GetValue<int>());
        Assert.Equal(Ranker.RandomPick(4, 4), picks["random"]!.GetValue<int>()); // RunApi.Bon: n 4, seed 4
        Assert.Null(picks["genrm"]);
        Assert.Null(picks["greedy"]);
        Assert.Equal("none", answer["genrmState"]!.GetValue<string>());

        // Any λ, γ and aggregation: REAR's pick is the rescore API's best there.
        var other = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/picks?lambda=-3&gamma=0.8&agg=min"))!;
        Assert.Equal(await BestAsync(client, id, "lambda=-3&gamma=0.8&agg=min"), other["picks"]!["rear"]!.GetValue<int>());
        var atZero = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/picks?lambda=0"))!;
        Assert.Equal(atZero["picks"]!["likelihood"]!.GetValue<int>(), atZero["picks"]!["rear"]!.GetValue<int>());

        // Stored GenRM scores: their arg-max.
        await app.Services.GetRequiredService<IRunStore>().SetGenRmScoresAsync(id, new Dictionary<int, double> { [0] = -1, [1] = 0.5, [2] = 2.5, [3] = 2.5 });
        var scored = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/picks"))!;
        Assert.Equal(2, scored["picks"]!["genrm"]!.GetValue<int>()); // a tie with #3: the lower index
    }

    [Fact]
    public async Task Bad_values_are_400s_naming_the_field_and_an_unknown_run_is_404()
    {
        using var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, RunApi.Tiny());
        await RunApi.WaitForEndAsync(client, id);

        foreach (var (query, field) in new[]
                 {
                     ("lambda=abc", "lambda"), ("lambda=NaN", "lambda"), ("lambda=1e308", "lambda"), ("gamma=0", "gamma"),
                     ("gamma=1.5", "gamma"), ("agg=median", "agg"), ("genrm=now", "genrm"),
                 })
            Assert.Equal([field], await RunApi.ErrorKeysAsync(await client.GetAsync($"/api/runs/{id}/picks?{query}")));
        using var missing = await client.GetAsync($"/api/runs/{Guid.NewGuid()}/picks");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var anonymous = app.Anonymous();
        using var refused = await anonymous.GetAsync($"/api/runs/{id}/picks");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Genrm_compute_starts_the_GenRM_rank_and_its_pick_follows()
    {
        using var client = await app.SignedInAsync();
        var id = await RunApi.SubmitAsync(client, RunApi.Tiny());
        await RunApi.WaitForEndAsync(client, id);

        var started = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/picks?genrm=compute"))!;
        Assert.Contains(started["genrmState"]!.GetValue<string>(), new[] { "pending", "succeeded" });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonObject answer;
        do
        {
            await Task.Delay(100);
            answer = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/picks"))!;
        } while (answer["picks"]!["genrm"] is null && DateTime.UtcNow < deadline);
        var scores = (await app.Services.GetRequiredService<IRunStore>().CandidatesAsync(id)).Select(c => c.GenRmScore!.Value).ToList();
        Assert.Equal(Ranker.Best(scores), answer["picks"]!["genrm"]!.GetValue<int>());
    }

    private static async Task<int> BestAsync(HttpClient client, Guid id, string query) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/rescore?{query}"))!["best"]!.GetValue<int>();
}
