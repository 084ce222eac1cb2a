using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Api;

/// <summary>
/// Arena campaigns over the real app: selectors checked naming the field, one item per run and pair of differing picks,
/// identical picks recorded as ties that /next never hands out and progress never counts, blind items (no selector names),
/// the greedy baseline shown as a pick, and the leaderboard's counts against a hand count from the runs' picks.
/// </summary>
[Collection("Hangfire")]
public sealed class CampaignArenaApiTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    private const string Password = "Arena-pass-12";
    private const string Judge = "arena-judge@example.org";
    private static readonly string[] Selectors = ["rear", "likelihood", "random", "greedy"];
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Guid[]? _runs;

    /// <summary>Three succeeded Best-of-N runs of four candidates with the greedy baseline, and the judge.</summary>
    private async Task<Guid[]> SetUpAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_runs is { } runs) return runs;
            using var admin = await app.SignedInAsync();
            using (var created = await admin.PostAsJsonAsync("/api/users", new { email = Judge, password = Password, roles = new[] { "annotator" } }))
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var ids = new List<Guid>();
            for (var seed = 0; seed < 3; seed++)
            {
                var body = RunApi.Bon(n: 4, maxTokens: 8);
                body["includeGreedy"] = true;
                body["seed"] = seed;
                ids.Add(await RunApi.SubmitAsync(admin, body));
            }
            foreach (var id in ids) Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(admin, id)));
            _runs = [.. ids];
            return _runs;
        }
        finally
        {
            Gate.Release();
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("rear")]
    [InlineData("rear,vote")]
    [InlineData("rear,rear")]
    [InlineData("rear,genrm")]
    public async Task Bad_selectors_are_refused_naming_selectors(string? names)
    {
        var selectors = names?.Split(',');
        var runs = await SetUpAsync();
        using var admin = await app.SignedInAsync();
        using var response = await admin.PostAsJsonAsync("/api/campaigns",
            new { name = "arena", task = "arena", reviewsPerItem = 1, runIds = runs, annotators = new[] { Judge }, selectors });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotNull(problem["errors"]!["selectors"]);
    }

    [Fact]
    public async Task An_arena_is_judged_blind_and_the_leaderboard_counts_as_a_hand_count()
    {
        var runs = await SetUpAsync();
        using var admin = await app.SignedInAsync();
        using var judge = await app.SignedInAsync(Judge, Password);

        // Each run's picks and texts (the greedy baseline's text from the run's greedy field).
        var picks = new Dictionary<Guid, Dictionary<string, int>>();
        var texts = new Dictionary<Guid, Dictionary<int, string>>();
        foreach (var run in runs)
        {
            var answer = (await admin.GetFromJsonAsync<JsonObject>($"/api/runs/{run}/picks"))!["picks"]!;
            picks[run] = Selectors.ToDictionary(s => s, s => answer[s]!.GetValue<int>());
            var stored = await RunApi.GetAsync(admin, run);
            texts[run] = stored["candidates"]!.AsArray().ToDictionary(c => c!["index"]!.GetValue<int>(), c => c!["text"]!.GetValue<string>());
            texts[run][stored["greedy"]!["index"]!.GetValue<int>()] = stored["greedy"]!["text"]!.GetValue<string>();
        }
        // The judge's rule, blind to selectors: the text first in ordinal order wins, equal texts tie.
        static int Rule(string a, string b) => Math.Sign(string.CompareOrdinal(a, b));

        using var created = await admin.PostAsJsonAsync("/api/campaigns",
            new { name = "arena", task = "arena", reviewsPerItem = 1, runIds = runs, annotators = new[] { Judge }, selectors = Selectors });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();

        // Hand count: per pair of selectors (in the order named), who wins on each run; identical picks are recorded ties.
        var expected = new Dictionary<(string A, string B), (int AWins, int BWins, int Ties)>();
        var work = 0;
        for (var a = 0; a < Selectors.Length; a++)
            for (var b = a + 1; b < Selectors.Length; b++)
            {
                var (aWins, bWins, ties) = (0, 0, 0);
                foreach (var run in runs)
                {
                    var (pa, pb) = (picks[run][Selectors[a]], picks[run][Selectors[b]]);
                    if (pa != pb) work++;
                    var outcome = pa == pb ? 0 : Rule(texts[run][pa], texts[run][pb]);
                    if (outcome < 0) aWins++;
                    else if (outcome > 0) bWins++;
                    else ties++;
                }
                expected[(Selectors[a], Selectors[b])] = (aWins, bWins, ties);
            }

        // Every pair on every run is stored; the identical picks among them (these seeds give some) are the recorded ties.
        var items = await app.Services.GetRequiredService<RearPlayground.Data.Campaigns.ICampaignStore>().ItemsAsync(id);
        Assert.Equal(runs.Length * Selectors.Length * (Selectors.Length - 1) / 2, items.Count);
        Assert.Equal(items.Count - work, items.Count(i => i.First == i.Second));
        Assert.NotEqual(0, items.Count - work);
        Assert.All(items.Where(i => i.FirstSelector == "greedy" || i.SecondSelector == "greedy"), i => Assert.NotEqual(i.First, i.Second));

        var details = (await admin.GetFromJsonAsync<JsonObject>($"/api/campaigns/{id}"))!;
        Assert.Equal(work, details["items"]!.GetValue<int>());
        Assert.Equal(work, details["progress"]!.AsArray().Single()!["assigned"]!.GetValue<int>());

        var handedOut = 0;
        while (true)
        {
            using var next = await judge.GetAsync($"/api/campaigns/{id}/next");
            if (next.StatusCode == HttpStatusCode.NoContent) break;
            var raw = await next.Content.ReadAsStringAsync();
            var item = JsonNode.Parse(raw)!.AsObject();
            Assert.Equal(["itemId", "question", "preference", "candidates"], item.Select(p => p.Key));
            var candidates = item["candidates"]!.AsArray();
            Assert.Equal(["A", "B"], candidates.Select(c => c!["label"]!.GetValue<string>()));
            Assert.All(candidates, c => Assert.Equal(["label", "text"], c!.AsObject().Select(p => p.Key)));
            var (textA, textB) = (candidates[0]!["text"]!.GetValue<string>(), candidates[1]!["text"]!.GetValue<string>());
            var rule = Rule(textA, textB);
            var itemId = item["itemId"]!.GetValue<long>();
            using (var post = await judge.PostAsJsonAsync($"/api/campaigns/{id}/items/{itemId}/judgments",
                new { winner = rule < 0 ? "A" : rule > 0 ? "B" : "tie" }))
                Assert.Equal(HttpStatusCode.Created, post.StatusCode);
            var after = await judge.GetStringAsync($"/api/campaigns/{id}/items/{itemId}");
            Assert.All(Selectors, s => Assert.DoesNotContain($"\"{s}\"", after));
            handedOut++;
            Assert.True(handedOut <= work, "an item was handed out twice or a recorded tie was handed out");
        }
        Assert.Equal(work, handedOut);
        details = (await admin.GetFromJsonAsync<JsonObject>($"/api/campaigns/{id}"))!;
        Assert.Equal(work, details["judgments"]!.GetValue<int>());
        Assert.Equal(work, details["progress"]!.AsArray().Single()!["done"]!.GetValue<int>());

        // The greedy baseline was shown as a pick wherever it differs from another: its text reached the judge.
        var board = (await judge.GetFromJsonAsync<JsonObject>($"/api/campaigns/{id}/leaderboard"))!;
        Assert.Equal(runs.Length, board["runs"]!.GetValue<int>());
        foreach (var pair in board["pairs"]!.AsArray())
        {
            var key = (pair!["a"]!.GetValue<string>(), pair["b"]!.GetValue<string>());
            Assert.Equal(expected[key], (pair["aWins"]!.GetValue<int>(), pair["bWins"]!.GetValue<int>(), pair["ties"]!.GetValue<int>()));
        }
        var rows = board["selectors"]!.AsArray();
        Assert.Equal(Selectors, rows.Select(r => r!["name"]!.GetValue<string>()));
        foreach (var row in rows)
        {
            var name = row!["name"]!.GetValue<string>();
            var wins = expected.Sum(e => e.Key.A == name ? e.Value.AWins : e.Key.B == name ? e.Value.BWins : 0);
            var losses = expected.Sum(e => e.Key.A == name ? e.Value.BWins : e.Key.B == name ? e.Value.AWins : 0);
            var ties = expected.Sum(e => e.Key.A == name || e.Key.B == name ? e.Value.Ties : 0);
            Assert.Equal((wins, losses, ties), (row["wins"]!.GetValue<int>(), row["losses"]!.GetValue<int>(), row["ties"]!.GetValue<int>()));
            if (wins + losses > 0)
            {
                Assert.Equal(wins / (double)(wins + losses), row["winRate"]!.GetValue<double>(), 12);
                Assert.InRange(row["winRate"]!.GetValue<double>(), row["low"]!.GetValue<double>(), row["high"]!.GetValue<double>());
            }
            else Assert.Null(row["winRate"]);
            Assert.True(row["strength"]!.GetValue<double>() > 0);
        }

        // Outsiders see no leaderboard; a missing campaign is a problem 404.
        using (var missing = await judge.GetAsync("/api/campaigns/999999/leaderboard"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_best_campaign_reports_each_selectors_agreement_with_the_team()
    {
        var runs = await SetUpAsync();
        using var admin = await app.SignedInAsync();
        using var judge = await app.SignedInAsync(Judge, Password);
        using var created = await admin.PostAsJsonAsync("/api/campaigns",
            new { name = "best", task = "best", reviewsPerItem = 1, runIds = runs, annotators = new[] { Judge } });
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        var store = app.Services.GetRequiredService<RearPlayground.Data.Campaigns.ICampaignStore>();
        var rearPick = new Dictionary<Guid, int>();
        var rearText = new Dictionary<Guid, string>();
        foreach (var run in runs)
        {
            rearPick[run] = (await admin.GetFromJsonAsync<JsonObject>($"/api/runs/{run}/picks"))!["picks"]!["rear"]!.GetValue<int>();
            rearText[run] = (await RunApi.GetAsync(admin, run))["candidates"]!.AsArray()
                .Single(c => c!["index"]!.GetValue<int>() == rearPick[run])!["text"]!.GetValue<string>();
        }
        // The judge picks REAR's text on two runs and another candidate on the third.
        var judged = 0;
        while (true)
        {
            using var next = await judge.GetAsync($"/api/campaigns/{id}/next");
            if (next.StatusCode == HttpStatusCode.NoContent) break;
            var item = (await next.Content.ReadFromJsonAsync<JsonObject>())!;
            var itemId = item["itemId"]!.GetValue<long>();
            var run = (await store.ItemAsync(id, itemId))!.RunId;
            var candidates = item["candidates"]!.AsArray();
            var chosen = judged < 2 ? candidates.First(c => c!["text"]!.GetValue<string>() == rearText[run])
                : candidates.First(c => c!["text"]!.GetValue<string>() != rearText[run]);
            using var post = await judge.PostAsJsonAsync($"/api/campaigns/{id}/items/{itemId}/judgments", new { best = chosen!["label"]!.GetValue<string>() });
            Assert.Equal(HttpStatusCode.Created, post.StatusCode);
            judged++;
        }
        Assert.Equal(runs.Length, judged);
        // Hand count from the export's picks (candidate indices): REAR's top-1 agreement is the share of runs it matches.
        var export = (await admin.GetStringAsync($"/api/campaigns/{id}/export.jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!).ToList();
        var matches = export.Count(l => l["judgment"]!["best"]!.GetValue<int>() == rearPick[l["run"]!.GetValue<Guid>()]);

        var board = (await admin.GetFromJsonAsync<JsonObject>($"/api/campaigns/{id}/leaderboard"))!;
        Assert.Empty(board["selectors"]!.AsArray());
        Assert.Equal(runs.Length, board["runs"]!.GetValue<int>());
        var agreement = board["agreement"]!.AsArray();
        Assert.Equal(["rear", "likelihood", "preference", "random"], agreement.Select(a => a!["name"]!.GetValue<string>()));
        var rear = agreement[0]!;
        Assert.Equal(runs.Length, rear["runs"]!.GetValue<int>());
        Assert.Equal(matches / (double)runs.Length, rear["top1"]!.GetValue<double>(), 12);
        Assert.InRange(rear["top1"]!.GetValue<double>(), rear["top1Low"]!.GetValue<double>(), rear["top1High"]!.GetValue<double>());
        // Best: the pick over every other candidate, so REAR's pairwise agreement is 1 on the runs it matched (3 of 3 pairs each).
        Assert.All(agreement, a => Assert.InRange(a!["pairwise"]!.GetValue<double>(), 0, 1));
        if (matches == runs.Length) Assert.Equal(1, rear["pairwise"]!.GetValue<double>(), 12);
    }
}
