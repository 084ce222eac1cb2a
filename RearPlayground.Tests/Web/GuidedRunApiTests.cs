using RearPlayground.Worker.Rear;

namespace RearPlayground.Tests.Web;

/// <summary>A guided run through POST /api/runs on stories260K: stored like any run, its default λ_g written into its request.</summary>
[Collection("Hangfire")]
public class GuidedRunApiTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    [Fact]
    public async Task A_guided_run_stores_its_guidance_and_per_token_log_probs_ranked_by_rear()
    {
        using var client = await app.SignedInAsync();
        var body = RunApi.Bon();
        body["method"] = "guided";
        var run = await RunApi.WaitForEndAsync(client, await RunApi.SubmitAsync(client, body));
        Assert.Equal("succeeded", RunApi.Status(run));
        Assert.Equal("guided", run["method"]!.GetValue<string>());
        Assert.Equal(3, run["request"]!["guidance"]!.GetValue<double>());
        var candidates = run["candidates"]!.AsArray();
        Assert.Equal(4, candidates.Count);
        foreach (var c in candidates)
        {
            var (without, with) = (RunApi.Floats(c!["logprobsWithout"]), RunApi.Floats(c["logprobsWith"]));
            Assert.Equal(c["tokenIds"]!.AsArray().Count, without.Length);
            Assert.Equal(RearScore.Compute(without, with, new RearOptions(), c["finishReason"]!.GetValue<string>() == "eos"),
                RunApi.Number(c["score"]), 6);
        }
    }
}
