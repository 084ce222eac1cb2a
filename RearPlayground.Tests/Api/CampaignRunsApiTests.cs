using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Api;

/// <summary>
/// POST /api/campaigns/{id}/runs: runs added to an open campaign become items as at creation (pairs: each run's pair
/// design); runs it cannot take are refused naming runIds; 409 once closed; admins only.
/// </summary>
[Collection("Hangfire")]
public sealed class CampaignRunsApiTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    private const string Password = "Team-pass-12";
    private static readonly string[] Team = ["ann@example.org", "bob@example.org"];
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Runs? _runs;

    private sealed record Runs(Guid A, Guid B, Guid C, Guid Single, Guid Failed);

    /// <summary>Three succeeded runs of four candidates, one of a single candidate, one failed; the team. Made once.</summary>
    private async Task<Runs> SetUpAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_runs is { } runs) return runs;
            using var admin = await app.SignedInAsync();
            foreach (var email in Team)
            {
                using var created = await admin.PostAsJsonAsync("/api/users", new { email, password = Password, roles = new[] { "annotator" } });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }
            var single = RunApi.Bon(n: 1, maxTokens: 8);
            single["m"] = 1;
            Guid[] ids = [.. await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => RunApi.SubmitAsync(admin, RunApi.Bon(n: 4, maxTokens: 8)))
                .Append(RunApi.SubmitAsync(admin, single)))];
            foreach (var id in ids) Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(admin, id)));
            var failed = new RunEntity
            {
                Id = Guid.NewGuid(), Owner = WebAppFactory.AdminEmail, Model = "stories260K", Method = "bon", Question = "q", RequestJson = "{}",
                Status = RunStatus.Failed, CreatedAt = DateTimeOffset.UtcNow,
            };
            await app.Services.GetRequiredService<IRunStore>().CreateAsync(failed);
            _runs = new Runs(ids[0], ids[1], ids[2], ids[3], failed.Id);
            return _runs;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<long> CreateAsync(HttpClient admin, string task, params Guid[] runIds)
    {
        using var response = await admin.PostAsJsonAsync("/api/campaigns",
            new { name = $"add {task}", guidelines = "", task, reviewsPerItem = 1, runIds, annotators = Team, pairsPerRun = task == "pairs" ? 3 : (int?)null });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    private static async Task<int> ItemsAsync(HttpClient admin, long id) =>
        (await admin.GetFromJsonAsync<JsonObject>($"/api/campaigns/{id}"))!["items"]!.GetValue<int>();

    [Theory]
    [InlineData("best", 1)]
    [InlineData("rank", 1)]
    [InlineData("pairs", 3)] // the campaign's pairs per run
    public async Task Added_runs_become_items_as_at_creation(string task, int perRun)
    {
        var runs = await SetUpAsync();
        using var admin = await app.SignedInAsync();
        var id = await CreateAsync(admin, task, runs.A);
        Assert.Equal(perRun, await ItemsAsync(admin, id));

        using var added = await admin.PostAsJsonAsync($"/api/campaigns/{id}/runs", new { runIds = new[] { runs.B, runs.C } });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var body = (await added.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((2, 2 * perRun), (body["runs"]!.GetValue<int>(), body["items"]!.GetValue<int>()));
        Assert.Equal(3 * perRun, await ItemsAsync(admin, id));

        // The export's runs are what the campaign now holds: every item of B is reachable by an annotator.
        using var ann = await app.SignedInAsync(Team[0], Password);
        var seen = new HashSet<long>();
        while (true)
        {
            using var next = await ann.GetAsync($"/api/campaigns/{id}/next");
            if (next.StatusCode == HttpStatusCode.NoContent) break;
            var item = (await next.Content.ReadFromJsonAsync<JsonObject>())!;
            var itemId = item["itemId"]!.GetValue<long>();
            Assert.True(seen.Add(itemId));
            var labels = item["candidates"]!.AsArray().Select(c => c!["label"]!.GetValue<string>()).ToList();
            object judgment = task switch { "best" => new { best = labels[0] }, "rank" => new { ranking = labels }, _ => new { winner = "tie" } };
            using var judged = await ann.PostAsJsonAsync($"/api/campaigns/{id}/items/{itemId}/judgments", judgment);
            Assert.Equal(HttpStatusCode.Created, judged.StatusCode);
        }
        Assert.Equal(3 * perRun, seen.Count);
        var export = await admin.GetStringAsync($"/api/campaigns/{id}/export.jsonl");
        var exported = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!["run"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(new[] { runs.A, runs.B, runs.C }.Select(r => r.ToString()).Order(), exported.Order());
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("failed")]
    [InlineData("single")]
    [InlineData("twice")]
    [InlineData("present")]
    [InlineData("none")]
    public async Task Runs_it_cannot_take_are_refused_naming_runIds(string which)
    {
        var runs = await SetUpAsync();
        using var admin = await app.SignedInAsync();
        var id = await CreateAsync(admin, "best", runs.A);
        Guid[] runIds = which switch
        {
            "unknown" => [runs.B, Guid.NewGuid()], "failed" => [runs.Failed], "single" => [runs.Single], "twice" => [runs.B, runs.B],
            "present" => [runs.B, runs.A], _ => [],
        };
        using var response = await admin.PostAsJsonAsync($"/api/campaigns/{id}/runs", new { runIds });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["runIds"]);
        Assert.Equal(1, await ItemsAsync(admin, id)); // nothing was added, not even the good run listed first
    }

    [Fact]
    public async Task Only_admins_add_only_to_an_open_campaign()
    {
        var runs = await SetUpAsync();
        using var admin = await app.SignedInAsync();
        var id = await CreateAsync(admin, "best", runs.A);
        using var ann = await app.SignedInAsync(Team[0], Password);
        using (var refused = await ann.PostAsJsonAsync($"/api/campaigns/{id}/runs", new { runIds = new[] { runs.B } }))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var missing = await admin.PostAsJsonAsync("/api/campaigns/999999/runs", new { runIds = new[] { runs.B } }))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using (var close = await admin.PostAsync($"/api/campaigns/{id}/close", null)) Assert.Equal(HttpStatusCode.NoContent, close.StatusCode);
        using (var closed = await admin.PostAsJsonAsync($"/api/campaigns/{id}/runs", new { runIds = new[] { runs.B } }))
        {
            Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
            Assert.Equal("application/problem+json", closed.Content.Headers.ContentType?.MediaType);
        }
        using (var reopen = await admin.PostAsync($"/api/campaigns/{id}/reopen", null)) Assert.Equal(HttpStatusCode.NoContent, reopen.StatusCode);
        using (var added = await admin.PostAsJsonAsync($"/api/campaigns/{id}/runs", new { runIds = new[] { runs.B } }))
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(2, await ItemsAsync(admin, id));
    }
}
