using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Batches;

/// <summary>A batch started with a scorer profile's name: its λ, γ, aggregation and EOS fill the request, which records the profile.</summary>
[Collection("Hangfire")]
public sealed class BatchProfileTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    [Fact]
    public async Task A_named_profile_fills_and_is_recorded_in_the_batch_request_and_an_unknown_one_is_refused()
    {
        using var client = await app.SignedInAsync();
        using (var created = await client.PostAsJsonAsync("/api/profiles", new { name = "batch-fit", lambda = 6.5, gamma = 0.9, aggregation = "sum", scoreEos = false }))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dataset = await TestDatasets.InsertAsync(app.Services, 2);
        var request = TestDatasets.Request();
        request["profile"] = "batch-fit";
        var id = await TestDatasets.StartAsync(client, dataset, request, count: 1);

        var batch = await TestDatasets.WaitForEndAsync(client, id);
        var stored = batch["request"]!;
        Assert.Equal(("batch-fit", 6.5, 0.9, "sum", false), (stored["profile"]!.GetValue<string>(), stored["lambda"]!.GetValue<double>(),
            stored["gamma"]!.GetValue<double>(), stored["agg"]!.GetValue<string>(), stored["scoreEos"]!.GetValue<bool>()));
        // Its item's run too: History and the results page show the profile it ran with.
        var run = await RunApi.GetAsync(client, batch["runIds"]![0]!.GetValue<Guid>());
        Assert.Contains("\"profile\":\"batch-fit\"", run.ToJsonString());

        request["profile"] = "no-such-profile";
        using var refused = await client.PostAsJsonAsync("/api/batches", new JsonObject { ["datasetId"] = dataset, ["request"] = request.DeepClone() });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["request.profile"], await RunApi.ErrorKeysAsync(refused));
    }
}
