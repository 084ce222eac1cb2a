using System.Diagnostics;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Tests.Data;
using Xunit.Abstractions;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// A history of 10,000 runs (issue 10, Storage): list, filter and page times of the store, as the history page and
/// GET /api/runs call it (a page, its extras, the filter choices). Prints the median of 7 warm calls per query; runs with
/// <c>REAR_LONG=1 dotnet test RearPlayground.Tests --filter "FullyQualifiedName~Stress.Storage"</c>.
/// </summary>
public class StorageHistoryTests(ITestOutputHelper output)
{
    private const int Runs = 10_000;
    private static readonly string[] Models = ["stories260K", "stories15M", "stories42M"];
    private static readonly string[] Owners = ["alice@example.org", "bob@example.org", "carol@example.org", "dave@example.org", "erin@example.org"];

    [StorageFiguresFact]
    public async Task Prints_list_filter_and_page_times_over_10000_runs()
    {
        await using var db = await TempDatabase.CreateAsync();
        await SeedAsync(db);
        var queries = new (string Name, RunQuery Query)[]
        {
            ("first page", new RunQuery()),
            ("page 250 of 20", new RunQuery(Page: 250)),
            ("last page", new RunQuery(Page: Runs / 20)),
            ("model", new RunQuery(Model: "stories15M")),
            ("status", new RunQuery(Status: RunStatus.Failed)),
            ("owner", new RunQuery(Owner: "carol@example.org")),
            ("text", new RunQuery(Text: "dragon")),
            ("owner + model + status, page 3", new RunQuery(Page: 3, Model: "stories42M", Status: RunStatus.Succeeded, Owner: "bob@example.org")),
            ("text + model, page 2 of 100", new RunQuery(Page: 2, PageSize: 100, Model: "stories260K", Text: "cat")),
        };
        foreach (var (name, query) in queries)
        {
            var times = new List<double>();
            int count = 0, total = 0;
            for (var i = 0; i < 8; i++)
            {
                var watch = Stopwatch.StartNew();
                var (items, all) = await db.Store.ListAsync(query);
                await db.Store.ListExtrasAsync([.. items.Select(r => r.Id)]);
                if (i > 0) times.Add(watch.Elapsed.TotalMilliseconds); // the first call warms EF's query cache
                (count, total) = (items.Count, all);
            }
            var line = $"{name,-32} {count,4} of {total,5} runs: median {Median(times),6:F1} ms, max {times.Max(),6:F1} ms (list + extras)";
            output.WriteLine(line);
            Console.WriteLine(line);
            Assert.True(count > 0, name);
        }
        var facets = Stopwatch.StartNew();
        await db.Store.FacetsAsync();
        Console.WriteLine($"filter choices (facets): {facets.Elapsed.TotalMilliseconds:F1} ms");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    // Bulk insert in one transaction: the store's CreateAsync one run at a time would take minutes for nothing measured.
    private static async Task SeedAsync(TempDatabase db)
    {
        var words = new[] { "cat", "dragon", "fish", "castle", "robot", "garden" };
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using var context = db.NewContext();
        for (var i = 0; i < Runs; i++)
        {
            var status = (RunStatus)(i % 6);
            context.Runs.Add(new RunEntity
            {
                Id = Guid.NewGuid(), Owner = Owners[i % Owners.Length], Model = Models[i % Models.Length], Method = i % 2 == 0 ? "bon" : "dvts",
                Question = $"Once upon a time there was a {words[i % words.Length]} number {i}", Preference = $"A story about a {words[(i / 7) % words.Length]}.",
                RequestJson = "{}", Status = status, CreatedAt = start.AddMinutes(i), StartedAt = start.AddMinutes(i),
                FinishedAt = status.IsTerminal() ? start.AddMinutes(i).AddSeconds(2 + i % 30) : null,
                Best = status == RunStatus.Succeeded ? 0 : null,
            });
        }
        await context.SaveChangesAsync();
    }
}
