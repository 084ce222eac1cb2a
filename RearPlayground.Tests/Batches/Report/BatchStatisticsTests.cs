using RearPlayground.Worker.Batches.Report;
using RearPlayground.Worker.Engine.Sampling;

namespace RearPlayground.Tests.Batches.Report;

public class BatchStatisticsTests
{
    private static ItemResult Item(string id, params (string Selector, bool? Correct)[] outcomes) =>
        new(id, outcomes.ToDictionary(o => o.Selector, o => o.Correct), outcomes.ToDictionary(o => o.Selector, _ => (int?)0));

    [Fact]
    public void Accuracy_per_selector_counts_only_the_items_it_applies_to()
    {
        var items = new[]
        {
            Item("a", ("rear", true), ("majority", true), ("genrm", null)),
            Item("b", ("rear", false), ("majority", true), ("genrm", true)),
            Item("c", ("rear", true), ("majority", false), ("genrm", null)),
            Item("d", ("rear", true), ("majority", true), ("genrm", null)),
        };
        var rows = BatchStatistics.Accuracy(items, resamples: 500);
        Assert.Equal(["rear", "genrm", "majority"], rows.Select(r => r.Name)); // ReportSelectors order; the rest apply nowhere
        var rear = rows[0];
        Assert.Equal((0.75, 4), (rear.Accuracy, rear.Items));
        Assert.True(rear.Low <= 0.75 && 0.75 <= rear.High && rear.Low >= 0 && rear.High <= 1);
        Assert.Equal((1.0, 1), (rows[1].Accuracy, rows[1].Items));
    }

    [Fact]
    public void The_95_percent_interval_covers_the_true_rate_about_95_percent_of_the_time()
    {
        // 400 simulated batches of 150 items, each item correct with p = 0.7.
        var random = new SeededRandom(21);
        var covered = 0;
        const int Trials = 400;
        for (var t = 0; t < Trials; t++)
        {
            var items = Enumerable.Range(0, 150).Select(i => Item($"{i}", ("rear", random.NextDouble() < 0.7))).ToList();
            var row = BatchStatistics.Accuracy(items, resamples: 500, seed: t).Single();
            if (row.Low <= 0.7 && 0.7 <= row.High) covered++;
        }
        var rate = covered / (double)Trials;
        Assert.True(rate is > 0.90 and < 0.98, $"coverage {rate:P1}");
    }

    [Fact]
    public void Comparing_two_batches_pairs_the_shared_items()
    {
        var a = new[] { Item("1", ("rear", false)), Item("2", ("rear", true)), Item("3", ("rear", false)), Item("only-a", ("rear", true)) };
        var b = new[] { Item("3", ("rear", true)), Item("2", ("rear", true)), Item("1", ("rear", true)), Item("only-b", ("rear", false)) };
        var delta = BatchStatistics.Compare(a, b, resamples: 500).Single();
        Assert.Equal(("rear", 3), (delta.Name, delta.Items));
        Assert.Equal(1 / 3.0, delta.AccuracyA, 12);
        Assert.Equal(1.0, delta.AccuracyB, 12);
        Assert.Equal(2 / 3.0, delta.Delta, 12);
        Assert.True(delta.Low <= delta.Delta && delta.Delta <= delta.High);
    }

    [Fact]
    public void The_paired_interval_covers_the_true_delta_and_is_narrower_than_an_unpaired_one_would_be()
    {
        // B agrees with A on most items and fixes some: true delta = P(B) − P(A) = 0.65 − 0.55 = 0.10.
        var random = new SeededRandom(7);
        var covered = 0;
        const int Trials = 300;
        double width = 0;
        for (var t = 0; t < Trials; t++)
        {
            var a = new List<ItemResult>();
            var b = new List<ItemResult>();
            for (var i = 0; i < 200; i++)
            {
                var ca = random.NextDouble() < 0.55;
                var cb = ca ? random.NextDouble() < 0.95 : random.NextDouble() < (0.65 - 0.55 * 0.95) / 0.45;
                a.Add(Item($"{i}", ("majority", ca)));
                b.Add(Item($"{i}", ("majority", cb)));
            }
            var d = BatchStatistics.Compare(a, b, resamples: 500, seed: t).Single();
            if (d.Low <= 0.10 && 0.10 <= d.High) covered++;
            width += (d.High - d.Low) / Trials;
        }
        var rate = covered / (double)Trials;
        Assert.True(rate is > 0.89 and < 0.99, $"coverage {rate:P1}");
        // Unpaired, the width would be about 2·1.96·sqrt(0.55·0.45/200 + 0.65·0.35/200) ≈ 0.19; pairing removes the shared part.
        Assert.True(width < 0.14, $"mean width {width:F3}");
    }
}
