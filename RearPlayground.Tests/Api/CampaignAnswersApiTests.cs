using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RearPlayground.Tests.Web;
using RearPlayground.Web.Campaigns;

namespace RearPlayground.Tests.Api;

/// <summary>
/// GET /api/campaigns/{id}/answers with judgments small enough to check by hand: majority with a tie for best,
/// Bradley–Terry order with a tie for rank, one fit per run for pairs, and the minimum-agreement filter.
/// </summary>
[Collection("Hangfire")]
public sealed class CampaignAnswersApiTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    private const string Password = "Team-pass-12";
    private static readonly string[] Team = ["ann@example.org", "bob@example.org", "cat@example.org"];
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (Guid A, Guid B)? _runs;
    private static readonly int[] Four = [0, 1, 2, 3];

    private async Task<(Guid A, Guid B)> SetUpAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_runs is { } runs) return runs;
            using var admin = await app.SignedInAsync();
            foreach (var email in Team.Append("out@example.org"))
                using (var created = await admin.PostAsJsonAsync("/api/users", new { email, password = Password, roles = new[] { "annotator" } }))
                    Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var a = await RunApi.SubmitAsync(admin, RunApi.Bon(n: 4, maxTokens: 8));
            var b = await RunApi.SubmitAsync(admin, RunApi.Bon(n: 4, maxTokens: 8));
            Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(admin, a)));
            Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(admin, b)));
            return (_runs = (a, b)).Value;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<long> CreateAsync(HttpClient admin, object body)
    {
        using var response = await admin.PostAsJsonAsync("/api/campaigns", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    /// <summary>The letter <paramref name="who"/> sees candidate <paramref name="index"/> under.</summary>
    private static string Label(long item, string who, int[] candidates, int index) =>
        BlindOrder.Label(Array.IndexOf(BlindOrder.For(item, who, candidates), index));

    /// <summary>Every item the annotator is given, in id order (items are made in the order of the runs).</summary>
    private static async Task<List<long>> TakeAllAsync(HttpClient client, long id, Func<long, object> judgment)
    {
        var taken = new List<long>();
        while (true)
        {
            using var next = await client.GetAsync($"/api/campaigns/{id}/next");
            if (next.StatusCode == HttpStatusCode.NoContent) return [.. taken.Order()];
            var item = (await next.Content.ReadFromJsonAsync<JsonObject>())!["itemId"]!.GetValue<long>();
            using var post = await client.PostAsJsonAsync($"/api/campaigns/{id}/items/{item}/judgments", judgment(item));
            Assert.Equal(HttpStatusCode.Created, post.StatusCode);
            taken.Add(item);
        }
    }

    private static async Task<List<JsonObject>> AnswersAsync(HttpClient client, long id, string query = "") =>
        [.. (await client.GetFromJsonAsync<JsonArray>($"/api/campaigns/{id}/answers{query}"))!.Select(a => a!.AsObject())];

    [Fact]
    public async Task Best_answers_are_the_majority_with_ties_the_filter_drops_weak_items_and_admins_see_disagreement_and_reopen()
    {
        var (a, b) = await SetUpAsync();
        using var admin = await app.SignedInAsync();
        var id = await CreateAsync(admin, new { name = "best answers", task = "best", reviewsPerItem = 3, runIds = new[] { a, b }, annotators = Team });
        // Run a: ann 2, bob 2, cat 0 → 2 with 2/3. Run b: ann 1, bob 3, cat skips → 1 and 3 tied, 1/2.
        var picks = new Dictionary<string, int?[]> { [Team[0]] = [2, 1], [Team[1]] = [2, 3], [Team[2]] = [0, null] };
        long? first = null;
        foreach (var who in Team)
        {
            using var client = await app.SignedInAsync(who, Password);
            object Body(long item) => picks[who][item == first ? 0 : 1] is { } p ? new { best = Label(item, who, Four, p) } : new { skip = true, reason = "both bad" };
            if (first is null)
            {
                // Which item is run a's shows only once both are out (ids follow the runs): judge, then replace by run.
                var items = await TakeAllAsync(client, id, item => new { best = "A" });
                first = items[0];
                foreach (var item in items)
                    using (var put = await client.PutAsJsonAsync($"/api/campaigns/{id}/items/{item}/judgments", Body(item)))
                        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            }
            else Assert.Equal(2, (await TakeAllAsync(client, id, item => Body(item))).Count);
        }

        var answers = await AnswersAsync(admin, id);
        Assert.Equal(2, answers.Count);
        var (onA, onB) = (answers[0], answers[1]);
        Assert.Equal((a, "best", first!.Value), (onA["runId"]!.GetValue<Guid>(), onA["task"]!.GetValue<string>(), onA["item"]!.GetValue<long>()));
        Assert.Equal([2], onA["answer"]!.AsArray().Select(x => x!.GetValue<int>()));
        Assert.Equal((2 / 3.0, 3, false), (onA["agreement"]!.GetValue<double>(), onA["judgments"]!.GetValue<int>(), onA["tie"]!.GetValue<bool>()));
        Assert.Equal(b, onB["runId"]!.GetValue<Guid>());
        Assert.Equal([1, 3], onB["answer"]!.AsArray().Select(x => x!.GetValue<int>()));
        Assert.Equal((0.5, 2, true), (onB["agreement"]!.GetValue<double>(), onB["judgments"]!.GetValue<int>(), onB["tie"]!.GetValue<bool>()));

        using var member = await app.SignedInAsync(Team[2], Password);
        var strong = await AnswersAsync(member, id, "?minAgreement=0.6");
        Assert.Equal([a], strong.Select(x => x["runId"]!.GetValue<Guid>()));
        using (var bad = await admin.GetAsync($"/api/campaigns/{id}/answers?minAgreement=2"))
            Assert.NotNull((await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["minAgreement"]);
        using var outsider = await app.SignedInAsync("out@example.org", Password);
        using (var refused = await outsider.GetAsync($"/api/campaigns/{id}/answers")) Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // Admins see the items of most disagreement first; members do not.
        var split = (await admin.GetFromJsonAsync<JsonObject>($"/api/campaigns/{id}"))!["disagreement"]!.AsArray();
        Assert.Equal([b, a], split.Select(d => d!["runId"]!.GetValue<Guid>()));
        Assert.Equal(0.5, split[0]!["disagreement"]!.GetValue<double>(), 12);
        Assert.Equal(1 / 3.0, split[1]!["disagreement"]!.GetValue<double>(), 12);
        Assert.Null((await member.GetFromJsonAsync<JsonObject>($"/api/campaigns/{id}"))!["disagreement"]);

        // Close, then reopen: a judgment can change again.
        using (var close = await admin.PostAsync($"/api/campaigns/{id}/close", null)) Assert.Equal(HttpStatusCode.NoContent, close.StatusCode);
        var judgedItem = first!.Value;
        using (var closed = await member.PutAsJsonAsync($"/api/campaigns/{id}/items/{judgedItem}/judgments", new { best = "A" })) Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
        using (var notAdmin = await member.PostAsync($"/api/campaigns/{id}/reopen", null)) Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        using (var reopen = await admin.PostAsync($"/api/campaigns/{id}/reopen", null)) Assert.Equal(HttpStatusCode.NoContent, reopen.StatusCode);
        Assert.Equal("open", (await admin.GetFromJsonAsync<JsonObject>($"/api/campaigns/{id}"))!["status"]!.GetValue<string>());
        using (var open = await member.PutAsJsonAsync($"/api/campaigns/{id}/items/{judgedItem}/judgments", new { best = "A" })) Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        using (var missing = await admin.PostAsync("/api/campaigns/999999/reopen", null)) Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Rank_answers_are_the_bradley_terry_order_with_ties_and_the_dpo_export_follows_them()
    {
        var (a, _) = await SetUpAsync();
        using var admin = await app.SignedInAsync();
        var id = await CreateAsync(admin, new { name = "rank answers", task = "rank", reviewsPerItem = 2, runIds = new[] { a }, annotators = Team[..2] });
        // ann 1 > 0 > 2 > 3, bob 1 > 0 > 3 > 2: 2 and 3 each win once, a tie; 10 of 12 comparisons agree, the other two are halves.
        var rankings = new Dictionary<string, int[]> { [Team[0]] = [1, 0, 2, 3], [Team[1]] = [1, 0, 3, 2] };
        foreach (var who in Team[..2])
        {
            using var client = await app.SignedInAsync(who, Password);
            await TakeAllAsync(client, id, item => new { ranking = rankings[who].Select(i => Label(item, who, Four, i)).ToArray() });
        }
        var answer = Assert.Single(await AnswersAsync(admin, id));
        Assert.Equal([1, 0], answer["answer"]!.AsArray().Take(2).Select(x => x!.GetValue<int>()));
        Assert.Equal([2, 3], answer["answer"]!.AsArray().Skip(2).Select(x => x!.GetValue<int>()).Order());
        Assert.Equal([1, 2, 3, 3], answer["ranks"]!.AsArray().Select(x => x!.GetValue<int>()));
        Assert.True(answer["tie"]!.GetValue<bool>());
        Assert.Equal(11 / 12.0, answer["agreement"]!.GetValue<double>(), 12);
        Assert.Equal(2, answer["judgments"]!.GetValue<int>());
        Assert.Empty(await AnswersAsync(admin, id, "?minAgreement=0.95"));

        // DPO from the team's order: 1 over 0, 0 over each of the tied 2 and 3, nothing between 2 and 3.
        using (var dpo = await admin.GetAsync($"/api/export/dpo.jsonl?campaign={id}"))
        {
            Assert.Equal(HttpStatusCode.OK, dpo.StatusCode);
            var lines = (await dpo.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
            Assert.Equal([(1, 0), (0, 2), (0, 3)], lines.Select(l => (l["chosen_index"]!.GetValue<int>(), l["rejected_index"]!.GetValue<int>())));
            Assert.All(lines, l => Assert.Equal((a, id), (l["run_id"]!.GetValue<Guid>(), l["campaign"]!.GetValue<long>())));
            Assert.Equal(["2", "3", "0"], new[] { "X-Dpo-Judgements", "X-Dpo-Pairs", "X-Dpo-Dropped" }.Select(h => dpo.Headers.GetValues(h).Single()));
        }
        using (var strict = await admin.GetAsync($"/api/export/dpo.jsonl?campaign={id}&minAgreement=0.95"))
        {
            Assert.Equal("", await strict.Content.ReadAsStringAsync());
            Assert.Equal(["0", "1", "2"], new[] { "X-Dpo-Pairs", "X-Dpo-Dropped", "X-Dpo-Dropped-Judgements" }.Select(h => strict.Headers.GetValues(h).Single()));
        }
        using var outsider = await app.SignedInAsync("out@example.org", Password);
        using (var refused = await outsider.GetAsync($"/api/export/dpo.jsonl?campaign={id}")) Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Pairs_answers_fit_one_order_per_run_from_its_pair_items()
    {
        var (a, _) = await SetUpAsync();
        using var admin = await app.SignedInAsync();
        var id = await CreateAsync(admin, new { name = "pairs answers", task = "pairs", reviewsPerItem = 1, runIds = new[] { a }, annotators = Team[..1], pairsPerRun = 4 });
        // ann always picks the first shown: the answer must be the one fit over all four pair items of the run.
        using var client = await app.SignedInAsync(Team[0], Password);
        var items = await TakeAllAsync(client, id, item => new { winner = "A" });
        var lines = (await admin.GetStringAsync($"/api/campaigns/{id}/export.jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        // "A" was whichever of the pair ann saw first; read which index that was from the export's order and winner.
        var wins = lines.Select(l => (Winner: l["judgment"]!["winner"]!.GetValue<int>(), Loser: l["order"]!.AsArray().Select(o => o!.GetValue<int>()).Single(o => o != l["judgment"]!["winner"]!.GetValue<int>()))).ToList();
        var fit = RearPlayground.Web.Campaigns.Statistics.BradleyTerry.Fit(4, wins.Select(w => RearPlayground.Web.Campaigns.Statistics.Comparison.Win(w.Winner, w.Loser)));
        var answer = Assert.Single(await AnswersAsync(admin, id));
        Assert.Equal(items, answer["items"]!.AsArray().Select(x => x!.GetValue<long>()));
        Assert.Equal(4, answer["judgments"]!.GetValue<int>());
        Assert.Equal(a, answer["runId"]!.GetValue<Guid>());
        Assert.Equal(fit.Order.Where(c => wins.Any(w => w.Winner == c || w.Loser == c)), answer["answer"]!.AsArray().Select(x => x!.GetValue<int>()));
        // Every judged pair is ordered as its judgment says, unless the fit ties the two.
        var ranks = answer["answer"]!.AsArray().Select(x => x!.GetValue<int>()).Zip(answer["ranks"]!.AsArray().Select(r => r!.GetValue<int>())).ToDictionary();
        Assert.All(wins, w => Assert.True(ranks[w.Winner] <= ranks[w.Loser]));
    }
}
