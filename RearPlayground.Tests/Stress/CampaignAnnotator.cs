using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RearPlayground.Tests.Stress;

/// <summary>A judgment the app answered 201 to, in candidate indices as the annotator meant it, with the order shown.</summary>
internal sealed record PostedJudgment(long Campaign, long Item, string Annotator, bool Skipped, int[] Order, JsonNode? Value);

/// <summary>
/// One simulated annotator over HTTP: takes items from the open campaigns at random (GET next, 204 leaves that
/// campaign), judges as a person might (the better candidate most of the time, else at random; ties in pairs; now and
/// then a skip with a reason) and POSTs it. Candidate texts name their index and quality (<see cref="CampaignSeed"/>),
/// so what was shown under each letter is known exactly.
/// </summary>
internal sealed class CampaignAnnotator(HttpClient client, string email, IReadOnlyDictionary<long, string> campaigns, int seed)
{
    private readonly Random _random = new(seed);

    public List<PostedJudgment> Posted { get; } = [];
    public List<double> NextMs { get; } = [];
    public List<double> RoundTripMs { get; } = [];

    /// <summary>Judges until <paramref name="count"/> judgments were stored (201); fails if work runs out first.</summary>
    public async Task JudgeAsync(int count, double skipShare = 0.05)
    {
        var open = campaigns.Keys.ToList();
        while (Posted.Count < count)
        {
            Assert.True(open.Count > 0, $"{email} ran out of items after {Posted.Count} judgments");
            var campaign = open[_random.Next(open.Count)];
            var watch = Stopwatch.StartNew();
            using var next = await client.GetAsync($"/api/campaigns/{campaign}/next");
            var nextMs = watch.Elapsed.TotalMilliseconds;
            if (next.StatusCode == HttpStatusCode.NoContent) { open.Remove(campaign); continue; }
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
            var item = (await next.Content.ReadFromJsonAsync<JsonObject>())!;
            var itemId = item["itemId"]!.GetValue<long>();
            var shown = item["candidates"]!.AsArray().Select(c => (Label: c!["label"]!.GetValue<string>(), Seen: CampaignSeed.Parse(c["text"]!.GetValue<string>())))
                .ToList();
            var order = shown.Select(s => s.Seen.Index).ToArray();
            var skip = _random.NextDouble() < skipShare;
            var (body, value) = skip ? (new JsonObject { ["skip"] = true, ["reason"] = "cannot tell" }, null) : Judge(campaigns[campaign], shown);
            body["seconds"] = Math.Round(1 + _random.NextDouble() * 20, 2);
            using var post = await client.PostAsJsonAsync($"/api/campaigns/{campaign}/items/{itemId}/judgments", body);
            RoundTripMs.Add(watch.Elapsed.TotalMilliseconds);
            NextMs.Add(nextMs);
            Assert.True(post.StatusCode == HttpStatusCode.Created, $"{email}, item {itemId}: {(int)post.StatusCode} {await post.Content.ReadAsStringAsync()}");
            Posted.Add(new PostedJudgment(campaign, itemId, email, skip, order, value));
        }
    }

    /// <summary>The body in letters and the same judgment in candidate indices (what the export must hold).</summary>
    private (JsonObject Body, JsonNode Value) Judge(string task, List<(string Label, (int Index, int Quality) Seen)> shown)
    {
        var careful = _random.NextDouble() < 0.7;
        switch (task)
        {
            case "best":
                var best = careful ? shown.MinBy(s => s.Seen.Quality) : shown[_random.Next(shown.Count)];
                return (new JsonObject { ["best"] = best.Label }, new JsonObject { ["best"] = best.Seen.Index });
            case "rank":
                var ranked = careful ? shown.OrderBy(s => s.Seen.Quality).ToList() : shown.OrderBy(_ => _random.Next()).ToList();
                return (new JsonObject { ["ranking"] = new JsonArray([.. ranked.Select(s => (JsonNode)s.Label)]) },
                    new JsonObject { ["ranking"] = new JsonArray([.. ranked.Select(s => (JsonNode)s.Seen.Index)]) });
            default:
                if (_random.NextDouble() < 0.15) return (new JsonObject { ["winner"] = "tie" }, new JsonObject { ["winner"] = "tie" });
                var winner = careful ? shown.MinBy(s => s.Seen.Quality) : shown[_random.Next(shown.Count)];
                return (new JsonObject { ["winner"] = winner.Label }, new JsonObject { ["winner"] = winner.Seen.Index });
        }
    }
}
