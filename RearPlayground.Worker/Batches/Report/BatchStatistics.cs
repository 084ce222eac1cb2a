using RearPlayground.Worker.Eval;

namespace RearPlayground.Worker.Batches.Report;

/// <summary>A selector's accuracy (or rule-check rate) over the items it applies to, with its bootstrap interval (JSON <c>{name, accuracy, low, high, items}</c>).</summary>
public sealed record SelectorAccuracy(string Name, double Accuracy, double Low, double High, int Items);

/// <summary>A selector in two batches on their shared items: <see cref="Delta"/> = B − A with a paired bootstrap interval.</summary>
public sealed record SelectorDelta(string Name, double AccuracyA, double AccuracyB, double Delta, double Low, double High, int Items);

/// <summary>
/// The report's statistics over items: accuracy per selector with a percentile bootstrap interval over items
/// (<see cref="Bootstrap"/>, the evaluation harness's), and two batches compared on the items both judged, resampling
/// the items together so each item's difference stays paired.
/// </summary>
public static class BatchStatistics
{
    public const int DefaultResamples = 2000;

    /// <summary>One row per selector that applies to at least one item, in <see cref="ReportSelectors.Names"/> order (or <paramref name="selectors"/>').</summary>
    public static IReadOnlyList<SelectorAccuracy> Accuracy(IReadOnlyList<ItemResult> items, IReadOnlyList<string>? selectors = null,
        int resamples = DefaultResamples, long seed = 0, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(items);
        var rows = new List<SelectorAccuracy>();
        foreach (var name in selectors ?? ReportSelectors.Names)
        {
            var passes = items.Select(i => i.Correct.GetValueOrDefault(name)).Where(c => c is not null).Select(c => c!.Value).ToList();
            if (passes.Count == 0) continue;
            var (lo, hi) = Bootstrap.PassRateInterval(passes, resamples, seed, level);
            rows.Add(new SelectorAccuracy(name, passes.Count(p => p) / (double)passes.Count, lo, hi, passes.Count));
        }
        return rows;
    }

    /// <summary>Per selector, B − A over the items (by <see cref="ItemResult.Item"/>) where both judged it; selectors with none are left out.</summary>
    public static IReadOnlyList<SelectorDelta> Compare(IReadOnlyList<ItemResult> a, IReadOnlyList<ItemResult> b, IReadOnlyList<string>? selectors = null,
        int resamples = DefaultResamples, long seed = 0, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var inB = b.GroupBy(i => i.Item, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var rows = new List<SelectorDelta>();
        foreach (var name in selectors ?? ReportSelectors.Names)
        {
            var pairs = new List<(double A, double B)>();
            foreach (var itemA in a.DistinctBy(i => i.Item, StringComparer.Ordinal))
                if (inB.TryGetValue(itemA.Item, out var itemB) && itemA.Correct.GetValueOrDefault(name) is { } ca && itemB.Correct.GetValueOrDefault(name) is { } cb)
                    pairs.Add((ca ? 1 : 0, cb ? 1 : 0));
            if (pairs.Count == 0) continue;
            var (lo, hi) = Bootstrap.MeanInterval([.. pairs.Select(p => p.B - p.A)], resamples, seed, level);
            double accA = pairs.Average(p => p.A), accB = pairs.Average(p => p.B);
            rows.Add(new SelectorDelta(name, accA, accB, accB - accA, lo, hi, pairs.Count));
        }
        return rows;
    }
}
