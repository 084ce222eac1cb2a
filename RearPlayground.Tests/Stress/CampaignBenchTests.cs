using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RearPlayground.Tests.Web;
using Xunit.Abstractions;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// The campaign benchmark (issue 19): GET /api/campaigns/{id}/next and a judgment round trip (next + POST) over HTTP on
/// the real app, a best campaign of 10,000 items (runs of 3 candidates) with 20 annotators, K = 2, half of it judged
/// already (10,000 judgments). Prints median and p95,
/// first one request at a time (the annotators take turns), then all 20 at once; asserts nothing about time. Run with
/// <c>REAR_LONG=1 dotnet test RearPlayground.Tests --filter "FullyQualifiedName~Stress.CampaignBench" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Collection("Hangfire")]
public sealed class CampaignBenchTests(ITestOutputHelper output)
{
    private const int Items = 10_000, Annotators = 20, Rounds = 15;

    [LongFact]
    public async Task Prints_next_and_judgment_round_trip_times_over_10000_items_and_20_annotators()
    {
        await using var app = new WebAppFactory();
        using var admin = await app.SignedInAsync();
        var emails = Enumerable.Range(0, Annotators).Select(i => $"annotator{i:00}@example.org").ToList();
        foreach (var email in emails) await TeamClients.EnsureUserAsync(app, email);
        var runs = await CampaignSeed.RunsAsync(app, Items, 3, seed: 19);
        var create = Stopwatch.StartNew();
        using var created = await admin.PostAsJsonAsync("/api/campaigns",
            new { name = "bench", guidelines = "", task = "best", reviewsPerItem = 2, runIds = runs, annotators = emails });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Report($"POST /api/campaigns with {Items} runs: {create.Elapsed.TotalMilliseconds:F0} ms");
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        var campaigns = new Dictionary<long, string> { [id] = "best" };
        // Half-way through: the first 5,000 items have their two judgments (10,000 rows), the rest none.
        await CampaignSeed.FillAsync(app, id, Items / 2, 2, emails);

        var clients = new List<HttpClient>();
        foreach (var email in emails) clients.Add(await app.SignedInAsync(email, TeamClients.Password));
        try
        {
            var annotators = emails.Select((email, i) => new CampaignAnnotator(clients[i], email, campaigns, seed: i)).ToList();
            // Warm-up: one round trip each (EF's query cache, the JIT, connection pools), not counted.
            foreach (var a in annotators) await a.JudgeAsync(1);
            var (nextFrom, tripFrom) = (annotators.Select(a => a.NextMs.Count).ToList(), annotators.Select(a => a.RoundTripMs.Count).ToList());
            for (var round = 2; round <= Rounds + 1; round++)
                foreach (var a in annotators) await a.JudgeAsync(round);
            Print("one at a time", annotators, nextFrom, tripFrom);

            (nextFrom, tripFrom) = (annotators.Select(a => a.NextMs.Count).ToList(), annotators.Select(a => a.RoundTripMs.Count).ToList());
            await Task.WhenAll(annotators.Select(a => a.JudgeAsync(2 * Rounds + 1)));
            Print($"{Annotators} at once", annotators, nextFrom, tripFrom);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    private void Print(string how, List<CampaignAnnotator> annotators, List<int> nextFrom, List<int> tripFrom)
    {
        var next = annotators.SelectMany((a, i) => a.NextMs.Skip(nextFrom[i])).ToList();
        var trips = annotators.SelectMany((a, i) => a.RoundTripMs.Skip(tripFrom[i])).ToList();
        Report($"{Items} items, {Annotators} annotators, {how}: GET next median {LoadFigures.P(next, 50):F1} ms, p95 {LoadFigures.P(next, 95):F1} ms " +
            $"({next.Count}); next + POST judgment median {LoadFigures.P(trips, 50):F1} ms, p95 {LoadFigures.P(trips, 95):F1} ms ({trips.Count})");
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}
