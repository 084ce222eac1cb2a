using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RearPlayground.Tests.Stress;
using RearPlayground.Tests.Web;
using RearPlayground.Web.Campaigns;

namespace RearPlayground.Tests.Api;

/// <summary>POST /api/calibrate on real runs: annotations and a best campaign as sources, the answer's shape and figures, refusals.</summary>
[Collection("Hangfire")]
public sealed class CalibrationApiTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (Guid A, Guid B, Guid C)? _runs;

    private async Task<(Guid A, Guid B, Guid C)> RunsAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_runs is { } runs) return runs;
            using var admin = await app.SignedInAsync();
            var ids = new List<Guid>();
            for (var i = 0; i < 3; i++) ids.Add(await RunApi.SubmitAsync(admin, RunApi.Bon(n: 4, maxTokens: 8)));
            foreach (var id in ids) Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(admin, id)));
            return (_runs = (ids[0], ids[1], ids[2])).Value;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Candidate indices of run <paramref name="id"/> best first at λ.</summary>
    private static async Task<int[]> OrderAtAsync(HttpClient client, Guid id, double lambda) =>
        [.. (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/rescore?lambda={lambda}"))!["candidates"]!.AsArray()
            .Select(c => c!["index"]!.GetValue<int>())];

    private static async Task<HttpResponseMessage> CalibrateAsync(HttpClient client, object body) => await client.PostAsJsonAsync("/api/calibrate", body);

    [Fact]
    public async Task Best_picks_at_lambda_0_fit_an_interval_around_0_with_agreement_1_and_lambda_20_is_scored_from_the_rescore_order()
    {
        var (a, b, _) = await RunsAsync();
        using var admin = await app.SignedInAsync();
        var expected = 0.0;
        foreach (var run in new[] { a, b })
        {
            var atZero = await OrderAtAsync(admin, run, 0);
            using (var post = await admin.PostAsJsonAsync($"/api/runs/{run}/annotations", new { kind = "best", candidateIndex = atZero[0] }))
                Assert.Equal(HttpStatusCode.Created, post.StatusCode);
            // At λ = 20 the pick beats the candidates ranked below it (three pairs per run).
            var at20 = await OrderAtAsync(admin, run, 20);
            expected += at20.Length - 1 - Array.IndexOf(at20, atZero[0]);
        }

        using var response = await CalibrateAsync(admin, new { runIds = new[] { a, b }, aggregations = new[] { "mean" }, folds = 2 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fit = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var best = fit["best"]!.AsObject();
        Assert.Equal(1, best["agreement"]!.GetValue<double>());
        Assert.True(best["lambdaLow"]!.GetValue<double>() <= 0 && 0 <= best["lambdaHigh"]!.GetValue<double>(), best.ToJsonString());
        var lambda = best["lambda"]!.GetValue<double>();
        Assert.InRange(lambda, best["lambdaLow"]!.GetValue<double>(), best["lambdaHigh"]!.GetValue<double>());
        Assert.Equal("mean", best["aggregation"]!.GetValue<string>());
        Assert.Equal(6, best["pairs"]!.GetValue<int>());
        Assert.Equal(2, best["runs"]!.GetValue<int>());
        Assert.NotNull(best["heldOut"]);
        Assert.Contains("gamma", best.Select(p => p.Key));
        foreach (var key in new[] { "heldOutLow", "heldOutHigh" }) Assert.True(best.ContainsKey(key));
        var curve = Assert.Single(fit["curve"]!.AsArray())!.AsObject();
        Assert.Equal("mean", curve["aggregation"]!.GetValue<string>());
        Assert.Equal(-10, curve["points"]!.AsArray()[0]!["lambda"]!.GetValue<double>());
        Assert.Equal(20, fit["atDefault"]!["lambda"]!.GetValue<double>());
        Assert.Equal(expected / 6, fit["atDefault"]!["agreement"]!.GetValue<double>(), 12);
    }

    [Fact]
    public async Task A_best_campaign_gives_best_over_each_other_candidate_and_a_stranger_to_it_is_refused()
    {
        var (_, _, c) = await RunsAsync();
        using var admin = await app.SignedInAsync();
        using var created = await admin.PostAsJsonAsync("/api/campaigns",
            new { name = "calibrate best", task = "best", reviewsPerItem = 1, runIds = new[] { c }, annotators = new[] { WebAppFactory.AdminEmail } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();

        using (var none = await CalibrateAsync(admin, new { campaignId = id }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
            Assert.Contains("no usable judgments", await none.Content.ReadAsStringAsync());
        }

        var atHigh = await OrderAtAsync(admin, c, 100);
        using var next = await admin.GetAsync($"/api/campaigns/{id}/next");
        var item = (await next.Content.ReadFromJsonAsync<JsonObject>())!["itemId"]!.GetValue<long>();
        var label = BlindOrder.Label(Array.IndexOf(BlindOrder.For(item, WebAppFactory.AdminEmail, [0, 1, 2, 3]), atHigh[0]));
        using (var judged = await admin.PostAsJsonAsync($"/api/campaigns/{id}/items/{item}/judgments", new { best = label }))
            Assert.Equal(HttpStatusCode.Created, judged.StatusCode);

        using var response = await CalibrateAsync(admin, new { campaignId = id, aggregations = new[] { "sum", "mean" } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fit = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(3, fit["best"]!["pairs"]!.GetValue<int>());
        Assert.Equal(1, fit["best"]!["runs"]!.GetValue<int>());
        Assert.Equal(1, fit["best"]!["agreement"]!.GetValue<double>());
        Assert.Null(fit["best"]!["heldOut"]); // one run: nothing to hold out
        Assert.Equal(["sum", "mean"], fit["curve"]!.AsArray().Select(x => x!["aggregation"]!.GetValue<string>()));

        using var ann = await TeamClients.MemberAsync(app, TeamClients.Ann);
        using var refused = await CalibrateAsync(ann, new { campaignId = id });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Theory]
    [InlineData("{}", "source")]
    [InlineData("{\"campaignId\":1,\"runIds\":[\"00000000-0000-0000-0000-000000000001\"]}", "source")]
    [InlineData("{\"runIds\":[\"00000000-0000-0000-0000-000000000001\"]}", "runIds")]
    [InlineData("{\"runIds\":[\"00000000-0000-0000-0000-000000000001\"],\"folds\":1}", "folds")]
    [InlineData("{\"runIds\":[\"00000000-0000-0000-0000-000000000001\"],\"aggregations\":[\"median\"]}", "aggregations")]
    public async Task Bad_requests_are_400_naming_the_field(string body, string field)
    {
        using var admin = await app.SignedInAsync();
        using var response = await admin.PostAsync("/api/calibrate", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await RunApi.ErrorKeysAsync(response));
    }

    [Fact]
    public async Task Runs_without_judgments_are_400_with_a_clear_message()
    {
        var (_, _, c) = await RunsAsync();
        using var admin = await app.SignedInAsync();
        using var response = await CalibrateAsync(admin, new { runIds = new[] { c } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["judgments"], await RunApi.ErrorKeysAsync(response));
        Assert.Contains("no usable judgments", await response.Content.ReadAsStringAsync());
    }
}
