using System.Diagnostics;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Campaigns;
using RearPlayground.Web.Campaigns.Statistics;
using Xunit.Abstractions;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// Benchmark (printed, not timed): the arena leaderboard over 1,000 runs × 6 selectors (15 items per run, one judgment
/// each, a tenth of them recorded ties) with 1,000 bootstrap resamples — the comparisons from stored items and judgments,
/// then win rates and Bradley–Terry strengths with their intervals. Goal ≤ 1 s. Run it with
/// <c>REAR_LONG=1 dotnet test RearPlayground.Tests --filter "FullyQualifiedName~Stress.LeaderboardBenchmarkTests" --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class LeaderboardBenchmarkTests(ITestOutputHelper output)
{
    private static readonly string[] Selectors = ["rear", "likelihood", "preference", "random", "genrm", "greedy"];

    [LongFact]
    public void A_leaderboard_over_1000_runs_with_1000_resamples()
    {
        var random = new Random(1);
        var items = new List<CampaignItemEntity>();
        var judgments = new List<CampaignJudgmentEntity>();
        for (var run = 0; run < 1000; run++)
        {
            var runId = Guid.NewGuid();
            for (var a = 0; a < Selectors.Length; a++)
                for (var b = a + 1; b < Selectors.Length; b++)
                {
                    var tie = random.NextDouble() < 0.1;
                    var item = new CampaignItemEntity
                    {
                        Id = items.Count + 1, RunId = runId, First = a, Second = tie ? a : b, FirstSelector = Selectors[a], SecondSelector = Selectors[b],
                    };
                    items.Add(item);
                    if (tie) continue;
                    // Stronger selectors (lower index) win more often; a tenth of the judgments are ties.
                    var u = random.NextDouble();
                    var value = u < 0.1 ? "\"tie\"" : u < 0.1 + 0.9 * (0.5 + 0.05 * (b - a)) ? $"{a}" : $"{b}";
                    judgments.Add(new CampaignJudgmentEntity
                    {
                        ItemId = item.Id, Annotator = "a", OrderJson = $"[{a},{b}]", ValueJson = $"{{\"winner\":{value}}}",
                    });
                }
        }

        var (times, outcomes) = (new List<double>(), new List<double>());
        ArenaTable? table = null;
        for (var repeat = 0; repeat < 5; repeat++)
        {
            var clock = Stopwatch.StartNew();
            var (results, _) = ArenaOutcomes.Of(Selectors, items, judgments);
            outcomes.Add(clock.Elapsed.TotalMilliseconds);
            table = ArenaLeaderboard.Compute(Selectors.Length, results, resamples: 1000);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        outcomes.Sort();
        var report = $"leaderboard, 1,000 runs × 15 items, 1,000 resamples: median {times[2]:0} ms (of which comparisons from judgments " +
            $"{outcomes[2]:0} ms), min {times[0]:0} ms, max {times[^1]:0} ms (5 repeats, the first includes JIT); Environment.ProcessorCount " +
            $"{Environment.ProcessorCount}; rear win rate {table!.Selectors[0].WinRate:0.000} [{table.Selectors[0].Low:0.000}, {table.Selectors[0].High:0.000}]";
        output.WriteLine(report);
        Console.WriteLine(report);
        Assert.Equal(1000, table.Runs);
    }
}
