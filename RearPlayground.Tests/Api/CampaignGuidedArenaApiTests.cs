using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Campaigns;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Api;

/// <summary>
/// The arena with guided and guided-bon: runs of one question (a Best-of-N run, a guided run of one sample, a Best-of-N run
/// with guidance) are taken together, each selector's pick shown from its own run, and the leaderboard counts per question
/// against a hand count from each run's own picks; runs the selectors cannot use, or two runs of one kind, are refused.
/// </summary>
[Collection("Hangfire")]
public sealed class CampaignGuidedArenaApiTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    private const string Password = "Guided-pass-12";
    private const string Judge = "question-judge@example.org";
    private static readonly string[] Selectors = ["guided", "rear", "guided-bon"];
    private static readonly string[] Questions = ["Once upon a time", "The little dog"];
    private static readonly SemaphoreSlim Gate = new(1, 1);
    /// <summary>Per question: the plain Best-of-N run, the guided run, the Best-of-N run with guidance.</summary>
    private static (Guid Plain, Guid Guided, Guid GuidedBon)[]? _runs;

    private async Task<(Guid Plain, Guid Guided, Guid GuidedBon)[]> SetUpAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_runs is { } runs) return runs;
            using var admin = await app.SignedInAsync();
            using (var created = await admin.PostAsJsonAsync("/api/users", new { email = Judge, password = Password, roles = new[] { "annotator" } }))
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var all = new List<(Guid, Guid, Guid)>();
            foreach (var question in Questions)
            {
                var plain = RunApi.Bon(n: 4, maxTokens: 8);
                plain["question"] = question;
                var guided = RunApi.Bon(n: 1, maxTokens: 8);
                (guided["question"], guided["method"], guided["guidance"]) = (question, "guided", 3);
                var guidedBon = RunApi.Bon(n: 4, maxTokens: 8);
                (guidedBon["question"], guidedBon["guidance"]) = (question, 3);
                all.Add((await RunApi.SubmitAsync(admin, plain), await RunApi.SubmitAsync(admin, guided), await RunApi.SubmitAsync(admin, guidedBon)));
            }
            foreach (var (p, g, gb) in all)
                foreach (var id in new[] { p, g, gb }) Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(admin, id)));
            _runs = [.. all];
            return _runs;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<(int Pick, string Text)> RearPickAsync(HttpClient client, Guid run)
    {
        var pick = (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{run}/picks"))!["picks"]!["rear"]!.GetValue<int>();
        var text = (await RunApi.GetAsync(client, run))["candidates"]!.AsArray()
            .Single(c => c!["index"]!.GetValue<int>() == pick)!["text"]!.GetValue<string>();
        return (pick, text);
    }

    [Fact]
    public async Task Guided_rear_and_guided_bon_meet_on_each_question_and_the_leaderboard_counts_as_a_hand_count()
    {
        var runs = await SetUpAsync();
        using var admin = await app.SignedInAsync();
        using var judge = await app.SignedInAsync(Judge, Password);

        // Each selector's pick and text on each question, from the run of its kind (REAR at that run's own λ).
        var texts = new List<Dictionary<string, string>>();
        foreach (var (plain, guided, guidedBon) in runs)
            texts.Add(new Dictionary<string, string>
            {
                ["guided"] = (await RearPickAsync(admin, guided)).Text,
                ["rear"] = (await RearPickAsync(admin, plain)).Text,
                ["guided-bon"] = (await RearPickAsync(admin, guidedBon)).Text,
            });
        static int Rule(string a, string b) => Math.Sign(string.CompareOrdinal(a, b));

        // Listed interleaved and out of kind order: the arena groups them by question.
        Guid[] listed = [runs[0].Guided, runs[1].GuidedBon, runs[0].Plain, runs[1].Plain, runs[0].GuidedBon, runs[1].Guided];
        using var created = await admin.PostAsJsonAsync("/api/campaigns",
            new { name = "guided arena", task = "arena", reviewsPerItem = 1, runIds = listed, annotators = new[] { Judge }, selectors = Selectors });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();

        // One item per question and pair of selectors, on the question's plain run; text-equal picks are recorded ties.
        var items = await app.Services.GetRequiredService<ICampaignStore>().ItemsAsync(id);
        Assert.Equal(Questions.Length * 3, items.Count);
        Assert.Equal(runs.Select(r => r.Plain).Order(), items.Select(i => i.RunId).Distinct().Order());
        var expected = new Dictionary<(string A, string B), (int AWins, int BWins, int Ties)>();
        var work = new HashSet<(string, string)>();
        for (var a = 0; a < Selectors.Length; a++)
            for (var b = a + 1; b < Selectors.Length; b++)
            {
                var (aWins, bWins, ties) = (0, 0, 0);
                foreach (var question in texts)
                {
                    var outcome = Rule(question[Selectors[a]], question[Selectors[b]]);
                    if (outcome != 0) work.Add((question[Selectors[a]], question[Selectors[b]]));
                    if (outcome < 0) aWins++;
                    else if (outcome > 0) bWins++;
                    else ties++;
                }
                expected[(Selectors[a], Selectors[b])] = (aWins, bWins, ties);
            }
        Assert.Equal(items.Count(i => i.First != i.Second), work.Count);

        // Blind judging: the two texts shown are the two selectors' picks from their own runs; no selector or run named.
        var handedOut = 0;
        while (true)
        {
            using var next = await judge.GetAsync($"/api/campaigns/{id}/next");
            if (next.StatusCode == HttpStatusCode.NoContent) break;
            var item = (await next.Content.ReadFromJsonAsync<JsonObject>())!;
            var candidates = item["candidates"]!.AsArray();
            var (textA, textB) = (candidates[0]!["text"]!.GetValue<string>(), candidates[1]!["text"]!.GetValue<string>());
            Assert.True(work.Contains((textA, textB)) || work.Contains((textB, textA)), $"'{textA}' / '{textB}' is not a pair of picks");
            var rule = Rule(textA, textB);
            var itemId = item["itemId"]!.GetValue<long>();
            using (var post = await judge.PostAsJsonAsync($"/api/campaigns/{id}/items/{itemId}/judgments",
                new { winner = rule < 0 ? "A" : rule > 0 ? "B" : "tie" }))
                Assert.Equal(HttpStatusCode.Created, post.StatusCode);
            var after = await judge.GetStringAsync($"/api/campaigns/{id}/items/{itemId}");
            Assert.All(Selectors, s => Assert.DoesNotContain($"\"{s}", after));
            Assert.All(runs, r => Assert.DoesNotContain(r.Guided.ToString(), after));
            handedOut++;
            Assert.True(handedOut <= work.Count, "an item was handed out twice or a recorded tie was handed out");
        }
        Assert.Equal(work.Count, handedOut);

        var board = (await judge.GetFromJsonAsync<JsonObject>($"/api/campaigns/{id}/leaderboard"))!;
        Assert.Equal(Questions.Length, board["runs"]!.GetValue<int>());
        Assert.Equal(Selectors, board["selectors"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));
        foreach (var pair in board["pairs"]!.AsArray())
        {
            var key = (pair!["a"]!.GetValue<string>(), pair["b"]!.GetValue<string>());
            Assert.Equal(expected[key], (pair["aWins"]!.GetValue<int>(), pair["bWins"]!.GetValue<int>(), pair["ties"]!.GetValue<int>()));
        }

        // The export says which run and candidate each side of a pair between runs is.
        var export = (await admin.GetStringAsync($"/api/campaigns/{id}/export.jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(work.Count, export.Count);
        var guidedRuns = runs.Select(r => r.Guided).ToHashSet();
        foreach (var line in export.Where(l => l["sides"] is not null))
            foreach (var side in line["sides"]!.AsArray())
                if (side!["selector"]!.GetValue<string>() == "guided")
                {
                    Assert.Contains(side["run"]!.GetValue<Guid>(), guidedRuns);
                    Assert.Equal(0, side["index"]!.GetValue<int>());
                }
        Assert.Contains(export, l => l["sides"] is not null);
    }

    [Fact]
    public async Task Runs_the_selectors_cannot_use_are_refused_naming_selectors()
    {
        var runs = await SetUpAsync();
        using var admin = await app.SignedInAsync();
        async Task<string> RefusedAsync(Guid[] runIds, string[] selectors)
        {
            using var response = await admin.PostAsJsonAsync("/api/campaigns",
                new { name = "arena", task = "arena", reviewsPerItem = 1, runIds, annotators = new[] { Judge }, selectors });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["selectors"]![0]!.GetValue<string>();
        }

        // No guided run for the question.
        Assert.Contains("has no guided run for guided", await RefusedAsync([runs[0].Plain], ["guided", "rear"]));
        // A run with guidance none of the selectors picks from.
        Assert.Contains($"run {runs[0].GuidedBon}", await RefusedAsync([runs[0].Plain, runs[0].Guided, runs[0].GuidedBon], ["guided", "rear"]));
        // Two guided runs of one question: which one is meant is not clear.
        var second = RunApi.Bon(n: 1, maxTokens: 8);
        (second["method"], second["guidance"], second["seed"]) = ("guided", 2, 9);
        var other = await RunApi.SubmitAsync(admin, second);
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(admin, other)));
        Assert.Contains("are each a guided run", await RefusedAsync([runs[0].Plain, runs[0].Guided, other], ["guided", "rear"]));
        // Without guided selectors, a guided run of one sample is still too small to be an arena of its own.
        using var small = await admin.PostAsJsonAsync("/api/campaigns",
            new { name = "arena", task = "arena", reviewsPerItem = 1, runIds = new[] { runs[0].Guided }, annotators = new[] { Judge }, selectors = new[] { "rear", "random" } });
        Assert.Equal(HttpStatusCode.BadRequest, small.StatusCode);
    }

    [Fact]
    public async Task A_guided_run_of_one_sample_can_be_picked_for_an_arena_but_not_a_best_campaign()
    {
        var runs = await SetUpAsync();
        using var admin = await app.SignedInAsync();
        var single = await RunApi.SubmitAsync(admin, RunApi.Bon(n: 1, maxTokens: 8));
        Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(admin, single)));

        // History's pre-check (before a task is chosen): the guided sample stays, a one-candidate Best-of-N run is left out.
        using var scope = app.Services.CreateScope();
        var check = await scope.ServiceProvider.GetRequiredService<RearPlayground.Web.Campaigns.CampaignService>()
            .CheckRunsAsync([runs[0].Guided, single], CancellationToken.None);
        Assert.Equal([runs[0].Guided], check.Eligible);
        Assert.Equal((single, RearPlayground.Web.Campaigns.CampaignService.TooFewCandidates), (check.LeftOut.Single().RunId, check.LeftOut.Single().Reason));

        // A best campaign has nothing to choose from in it: refused naming runIds.
        using var best = await admin.PostAsJsonAsync("/api/campaigns",
            new { name = "best", task = "best", reviewsPerItem = 1, runIds = new[] { runs[0].Guided }, annotators = new[] { Judge } });
        Assert.Equal(HttpStatusCode.BadRequest, best.StatusCode);
        Assert.Contains("fewer than two candidates", (await best.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["runIds"]![0]!.GetValue<string>());
    }
}
