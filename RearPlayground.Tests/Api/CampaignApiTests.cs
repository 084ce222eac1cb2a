using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Api;

/// <summary>
/// The campaign routes over the real app: creation checks naming the field, admin-only create/close, 403 for
/// non-members, blind items (letters, no indices or scores), K reviews, others' judgments only after one's own,
/// 409 for a second POST and a closed campaign, 204 when nothing is left, the JSONL export.
/// </summary>
[Collection("Hangfire")]
public sealed class CampaignApiTests(WebAppFactory app) : IClassFixture<WebAppFactory>
{
    private const string Password = "Team-pass-12";
    private static readonly string[] Team = ["ann@example.org", "bob@example.org", "cat@example.org"];
    private const string Outsider = "out@example.org";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (Guid A, Guid B)? _runs;

    /// <summary>Two succeeded Best-of-N runs of four candidates and the team, made once for the class.</summary>
    private async Task<(Guid A, Guid B)> SetUpAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_runs is { } runs) return runs;
            using var admin = await app.SignedInAsync();
            foreach (var email in Team.Append(Outsider))
            {
                using var created = await admin.PostAsJsonAsync("/api/users", new { email, password = Password, roles = new[] { "annotator" } });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }
            var a = await RunApi.SubmitAsync(admin, RunApi.Bon(n: 4, maxTokens: 8));
            var b = await RunApi.SubmitAsync(admin, RunApi.Bon(n: 4, maxTokens: 8));
            Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(admin, a)));
            Assert.Equal("succeeded", RunApi.Status(await RunApi.WaitForEndAsync(admin, b)));
            _runs = (a, b);
            return (a, b);
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

    [Theory]
    [InlineData("name", "", "best", 2, "ok", "team")]
    [InlineData("task", "c", "vote", 2, "ok", "team")]
    [InlineData("reviewsPerItem", "c", "best", 0, "ok", "team")]
    [InlineData("reviewsPerItem", "c", "best", 4, "ok", "team")]
    [InlineData("runIds", "c", "best", 2, "unknown", "team")]
    [InlineData("runIds", "c", "best", 2, "duplicate", "team")]
    [InlineData("annotators", "c", "best", 2, "ok", "nobody")]
    public async Task Bad_campaigns_are_refused_naming_the_field(string field, string name, string task, int k, string runs, string annotators)
    {
        var (a, b) = await SetUpAsync();
        using var admin = await app.SignedInAsync();
        Guid[] runIds = runs switch { "unknown" => [a, Guid.NewGuid()], "duplicate" => [a, a], _ => [a, b] };
        string[] who = annotators == "team" ? Team : ["nobody@example.org"];
        using var response = await admin.PostAsJsonAsync("/api/campaigns",
            new { name, guidelines = "g", task, reviewsPerItem = k, runIds, annotators = who });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Only_admins_create_and_only_members_judge()
    {
        var (a, b) = await SetUpAsync();
        using var ann = await app.SignedInAsync(Team[0], Password);
        using (var refused = await ann.PostAsJsonAsync("/api/campaigns", new { name = "x", task = "best", reviewsPerItem = 1, runIds = new[] { a }, annotators = Team }))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var admin = await app.SignedInAsync();
        var id = await CreateAsync(admin, new { name = "members", guidelines = "", task = "best", reviewsPerItem = 1, runIds = new[] { a, b }, annotators = Team });
        using var outsider = await app.SignedInAsync(Outsider, Password);
        using (var next = await outsider.GetAsync($"/api/campaigns/{id}/next")) Assert.Equal(HttpStatusCode.Forbidden, next.StatusCode);
        using (var details = await outsider.GetAsync($"/api/campaigns/{id}")) Assert.Equal(HttpStatusCode.Forbidden, details.StatusCode);
        var visible = (await outsider.GetFromJsonAsync<JsonArray>("/api/campaigns"))!;
        Assert.DoesNotContain(visible, c => c!["id"]!.GetValue<long>() == id);
        using (var close = await ann.PostAsync($"/api/campaigns/{id}/close", null)) Assert.Equal(HttpStatusCode.Forbidden, close.StatusCode);
    }

    [Fact]
    public async Task A_team_judges_blind_K_times_per_item_then_the_campaign_is_exported_and_closed()
    {
        var (a, b) = await SetUpAsync();
        using var admin = await app.SignedInAsync();
        var id = await CreateAsync(admin, new { name = "team", guidelines = "# Pick the best", task = "best", reviewsPerItem = 2, runIds = new[] { a, b }, annotators = Team });
        var clients = new List<HttpClient>();
        foreach (var email in Team) clients.Add(await app.SignedInAsync(email, Password));
        try
        {
            var judged = new List<(long Item, int Who)>();
            for (var round = 0; round < 3; round++)
                for (var who = 0; who < Team.Length; who++)
                {
                    using var next = await clients[who].GetAsync($"/api/campaigns/{id}/next");
                    if (next.StatusCode == HttpStatusCode.NoContent) continue;
                    Assert.Equal(HttpStatusCode.OK, next.StatusCode);
                    var item = (await next.Content.ReadFromJsonAsync<JsonObject>())!;
                    // Blind: letters and texts only.
                    var candidates = item["candidates"]!.AsArray();
                    Assert.Equal(["A", "B", "C", "D"], candidates.Select(c => c!["label"]!.GetValue<string>()));
                    Assert.All(candidates, c => Assert.Equal(["label", "text"], c!.AsObject().Select(p => p.Key)));
                    var itemId = item["itemId"]!.GetValue<long>();
                    // Nobody sees another's pick before their own.
                    var before = (await clients[who].GetFromJsonAsync<JsonObject>($"/api/campaigns/{id}/items/{itemId}"))!;
                    Assert.Null(before["others"]);
                    using (var bad = await clients[who].PostAsJsonAsync($"/api/campaigns/{id}/items/{itemId}/judgments", new { best = "E" }))
                    {
                        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
                        Assert.NotNull((await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["best"]);
                    }
                    using (var post = await clients[who].PostAsJsonAsync($"/api/campaigns/{id}/items/{itemId}/judgments", new { best = "C", seconds = 4.5 }))
                        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
                    using (var again = await clients[who].PostAsJsonAsync($"/api/campaigns/{id}/items/{itemId}/judgments", new { best = "A" }))
                        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
                    using (var put = await clients[who].PutAsJsonAsync($"/api/campaigns/{id}/items/{itemId}/judgments", new { best = "B", comment = "on reflection", seconds = 2.0 }))
                        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
                    var after = (await clients[who].GetFromJsonAsync<JsonObject>($"/api/campaigns/{id}/items/{itemId}"))!;
                    Assert.Equal("B", after["judgment"]!["best"]!.GetValue<string>());
                    Assert.Equal(judged.Count(j => j.Item == itemId), after["others"]!.AsArray().Count);
                    judged.Add((itemId, who));
                }
            Assert.Equal(4, judged.Count); // two items × K = 2
            Assert.All(judged.GroupBy(j => j.Item), g => Assert.Equal(2, g.Select(j => j.Who).Distinct().Count()));
            foreach (var client in clients)
                using (var done = await client.GetAsync($"/api/campaigns/{id}/next")) Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);

            var details = (await admin.GetFromJsonAsync<JsonObject>($"/api/campaigns/{id}"))!;
            Assert.Equal((2, 4, "open"), (details["items"]!.GetValue<int>(), details["judgments"]!.GetValue<int>(), details["status"]!.GetValue<string>()));
            Assert.Equal(4, details["progress"]!.AsArray().Sum(p => p!["done"]!.GetValue<int>()));
            var own = (await clients[0].GetFromJsonAsync<JsonObject>($"/api/campaigns/{id}"))!;
            Assert.Equal([Team[0]], own["progress"]!.AsArray().Select(p => p!["annotator"]!.GetValue<string>()));

            var lines = (await admin.GetStringAsync($"/api/campaigns/{id}/export.jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
            Assert.Equal(4, lines.Count);
            Assert.All(lines, l =>
            {
                // "B" mapped back through the order shown to that annotator.
                var order = l["order"]!.AsArray().Select(o => o!.GetValue<int>()).ToList();
                Assert.Equal(order[1], l["judgment"]!["best"]!.GetValue<int>());
                Assert.Equal(2.0, l["seconds"]!.GetValue<double>()); // the PUT replaced the whole judgment
                Assert.Equal("on reflection", l["comment"]!.GetValue<string>());
                Assert.Contains(l["run"]!.GetValue<Guid>(), new[] { a, b });
            });

            // α recomputed from the export: one unit per item, one value per annotator (nominal).
            var judges = lines.Select(l => l["annotator"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal).ToList();
            var units = lines.GroupBy(l => l["item"]!.GetValue<long>()).Select(g => (IReadOnlyList<int?>)[.. judges.Select(w =>
                g.FirstOrDefault(l => l["annotator"]!.GetValue<string>() == w)?["judgment"]!["best"]!.GetValue<int>())]).ToList();
            var expected = RearPlayground.Web.Campaigns.Statistics.KrippendorffAlpha.Compute(units, RearPlayground.Web.Campaigns.Statistics.AlphaLevel.Nominal);
            var agreement = (await admin.GetFromJsonAsync<JsonObject>($"/api/campaigns/{id}"))!["agreement"]!;
            if (double.IsFinite(expected)) Assert.Equal(expected, agreement["alpha"]!.GetValue<double>(), 12);
            else Assert.Null(agreement["alpha"]);
            // Each item was judged by exactly two annotators: it is shared by one pair of them.
            Assert.Equal(2, agreement["pairs"]!.AsArray().Sum(p => p!["shared"]!.GetValue<int>()));

            using (var close = await admin.PostAsync($"/api/campaigns/{id}/close", null)) Assert.Equal(HttpStatusCode.NoContent, close.StatusCode);
            var item0 = lines[0]["item"]!.GetValue<long>();
            var judge = Team.ToList().IndexOf(lines[0]["annotator"]!.GetValue<string>());
            using var closed = await clients[judge].PutAsJsonAsync($"/api/campaigns/{id}/items/{item0}/judgments", new { best = "A" });
            Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    [Fact]
    public async Task Pairs_and_rank_take_their_own_judgments_and_skips_need_a_reason()
    {
        var (a, _) = await SetUpAsync();
        using var admin = await app.SignedInAsync();
        var pairs = await CreateAsync(admin, new { name = "pairs", task = "pairs", reviewsPerItem = 1, runIds = new[] { a }, annotators = Team, pairsPerRun = 3 });
        var rank = await CreateAsync(admin, new { name = "rank", task = "rank", reviewsPerItem = 1, runIds = new[] { a }, annotators = Team });
        using var ann = await app.SignedInAsync(Team[0], Password);
        Assert.Equal(3, (await admin.GetFromJsonAsync<JsonObject>($"/api/campaigns/{pairs}"))!["items"]!.GetValue<int>());

        var pair = (await ann.GetFromJsonAsync<JsonObject>($"/api/campaigns/{pairs}/next"))!;
        Assert.Equal(2, pair["candidates"]!.AsArray().Count);
        var pairItem = pair["itemId"]!.GetValue<long>();
        using (var noReason = await ann.PostAsJsonAsync($"/api/campaigns/{pairs}/items/{pairItem}/judgments", new { skip = true }))
            Assert.NotNull((await noReason.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["reason"]);
        using (var tie = await ann.PostAsJsonAsync($"/api/campaigns/{pairs}/items/{pairItem}/judgments", new { winner = "tie" }))
            Assert.Equal(HttpStatusCode.Created, tie.StatusCode);
        var second = (await ann.GetFromJsonAsync<JsonObject>($"/api/campaigns/{pairs}/next"))!["itemId"]!.GetValue<long>();
        using (var skip = await ann.PostAsJsonAsync($"/api/campaigns/{pairs}/items/{second}/judgments", new { skip = true, reason = "both empty" }))
            Assert.Equal(HttpStatusCode.Created, skip.StatusCode);

        var ranked = (await ann.GetFromJsonAsync<JsonObject>($"/api/campaigns/{rank}/next"))!["itemId"]!.GetValue<long>();
        using (var partial = await ann.PostAsJsonAsync($"/api/campaigns/{rank}/items/{ranked}/judgments", new { ranking = new[] { "C", "A", "B" } }))
            Assert.NotNull((await partial.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["ranking"]);
        using (var full = await ann.PostAsJsonAsync($"/api/campaigns/{rank}/items/{ranked}/judgments", new { ranking = new[] { "C", "A", "D", "B" } }))
            Assert.Equal(HttpStatusCode.Created, full.StatusCode);
        var line = JsonNode.Parse((await admin.GetStringAsync($"/api/campaigns/{rank}/export.jsonl")).Trim())!;
        var order = line["order"]!.AsArray().Select(o => o!.GetValue<int>()).ToArray();
        Assert.Equal(new[] { order[2], order[0], order[3], order[1] }, line["judgment"]!["ranking"]!.AsArray().Select(r => r!.GetValue<int>()));
    }
}
