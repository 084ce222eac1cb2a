using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data;
using RearPlayground.Data.Entities;

namespace RearPlayground.Tests.Web;

/// <summary>
/// A run holding a −∞ log-prob (a masked logit, an fp16 underflow) is stored as "-Infinity", as the results page reads
/// it; the rescore API reads the same arrays, and the candidate ranks last.
/// </summary>
[Collection("Hangfire")]
public class RescoreInfinityTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    [Fact]
    public async Task A_stored_minus_infinity_candidate_rescores_through_the_API_and_ranks_last()
    {
        var id = Guid.NewGuid();
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<RearDbContext>>().CreateDbContextAsync())
        {
            db.Runs.Add(new RunEntity
            {
                Id = id, Owner = WebAppFactory.AdminEmail, Model = "stories260K", Method = "bon", Question = "Once", Preference = "cats",
                RequestJson = """{"lambda":20}""", Status = RunStatus.Succeeded, Best = 1,
            });
            db.Candidates.AddRange(
                Row(id, 0, """[-1,-2]""", """["-Infinity",-1]""", double.NegativeInfinity),
                Row(id, 1, """[-1,-2]""", """[-0.5,-1]""", 13.5),
                Row(id, 2, """[-3]""", """[-2]""", 17));
            await db.SaveChangesAsync();
        }
        using var client = await app.SignedInAsync();

        // λ = 20: r = −19·ℓ0 + 20·ℓp → candidate 1 mean(9, 18) = 13.5, candidate 2 17, candidate 0 −∞.
        using var response = await client.GetAsync($"/api/runs/{id}/rescore");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rescored = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var ranked = rescored["candidates"]!.AsArray();
        Assert.Equal([2, 1, 0], ranked.Select(r => r!["index"]!.GetValue<int>()));
        Assert.Equal([17, 13.5, double.NegativeInfinity], ranked.Select(r => RunApi.Number(r!["score"])));
        Assert.Equal("-Infinity", ranked[2]!["score"]!.GetValue<string>());
        Assert.Equal(double.NegativeInfinity, RunApi.Number(ranked[2]!["storedScore"]));
        Assert.Equal(2, rescored["best"]!.GetValue<int>());

        // λ = 0: ℓp has weight 0, so the −∞ is left out: candidates 0 and 1 tie at −1.5 (lower index first).
        var atZero = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}/rescore?lambda=0"))!;
        Assert.Equal([0, 1, 2], atZero["candidates"]!.AsArray().Select(r => r!["index"]!.GetValue<int>()));
        Assert.Equal([-1.5, -1.5, -3], atZero["candidates"]!.AsArray().Select(r => RunApi.Number(r!["score"])));
    }

    private static CandidateEntity Row(Guid runId, int index, string without, string with, double score) => new()
    {
        RunId = runId, Index = index, NodeId = index, Text = $"answer {index}", TokenIdsJson = index == 2 ? "[7]" : "[5,6]",
        LogProbsWithoutJson = without, LogProbsWithJson = with, Score = score, FinishReason = "length",
    };
}
