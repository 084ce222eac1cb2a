using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Selection;

namespace RearPlayground.Worker.Batches.Report;

/// <summary>One point of accuracy against N: the expected accuracy with a pool of <paramref name="N"/> candidates.</summary>
public sealed record CurvePoint(int N, double Accuracy);

/// <summary>A selector's accuracy against N (JSON <c>{selector, points: [{n, accuracy}]}</c>).</summary>
public sealed record SelectorCurve(string Selector, IReadOnlyList<CurvePoint> Points);

/// <summary>
/// <paramref name="Subsets"/>: subsets sampled per item and n for the votes (when C(N, n) is at most this, all subsets are
/// enumerated instead); <paramref name="Seed"/> makes the samples the same on every machine and thread count.
/// </summary>
public sealed record CurveOptions(int Subsets = 1000, long Seed = 0, int? MaxN = null)
{
    public static readonly CurveOptions Default = new();
}

/// <summary>
/// Accuracy against N from the stored pools alone (no new generation): for n = 1, 2, 4, …, N (and N itself when it is not a
/// power of two), each item's expected accuracy when its selector sees a uniformly random n-subset of its pool, averaged
/// over the items where the selector applies. An item whose pool is smaller than n uses its whole pool.
/// <list type="bullet">
/// <item>Arg-max selectors (rear, likelihood, preference, genrm) are exact, not sampled: the candidate ranked r-th
/// (0-based, ties to the lower index as the <see cref="Ranker"/> breaks them) is the subset's best with probability
/// C(N−1−r, n−1) / C(N, n).</item>
/// <item>random: the expected accuracy of a uniform pick from a uniform subset, the pool's share of correct candidates.</item>
/// <item>greedy: one decode outside the pool, the same at every n.</item>
/// <item>majority / weighted (<see cref="PoolVotes"/>): the mean over <see cref="CurveOptions.Subsets"/> sampled subsets
/// (partial Fisher–Yates, SplitMix64 seeded per item and n), or over every subset when there are no more than that.</item>
/// </list>
/// </summary>
public static class AccuracyCurve
{
    public static IReadOnlyList<int> Sizes(int max)
    {
        var sizes = new List<int>();
        for (var n = 1; n < max; n *= 2) sizes.Add(n);
        if (max >= 1) sizes.Add(max);
        return sizes;
    }

    public static IReadOnlyList<SelectorCurve> Compute(IReadOnlyList<JudgedPool> items, CurveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        options ??= CurveOptions.Default;
        if (options.Subsets < 1) throw new ArgumentException("subsets must be at least 1");
        var sizes = Sizes(options.MaxN ?? items.Select(i => i.Count).DefaultIfEmpty(0).Max());
        var names = ReportSelectors.Names;
        // expected[item][selector][size]; NaN where the selector does not apply to the item.
        var expected = new double[items.Count][][];
        Parallel.For(0, items.Count, i => expected[i] = ItemCurve(items[i], i, sizes, names, options));

        var curves = new List<SelectorCurve>();
        for (var s = 0; s < names.Count; s++)
        {
            var points = new List<CurvePoint>();
            for (var k = 0; k < sizes.Count; k++)
            {
                double sum = 0;
                var count = 0;
                foreach (var item in expected)
                    if (!double.IsNaN(item[s][k])) { sum += item[s][k]; count++; }
                if (count > 0) points.Add(new CurvePoint(sizes[k], sum / count));
            }
            if (points.Count > 0) curves.Add(new SelectorCurve(names[s], points));
        }
        return curves;
    }

    private static double[][] ItemCurve(JudgedPool pool, int item, IReadOnlyList<int> sizes, IReadOnlyList<string> names, CurveOptions options)
    {
        var result = new double[names.Count][];
        for (var s = 0; s < names.Count; s++) result[s] = new double[sizes.Count];
        var buffers = new VoteBuffers(pool.Groups, pool.Count);
        var random = pool.Correct.Count(c => c) / (double)pool.Count;
        var orders = pool.Scores.ToDictionary(x => x.Key, x => Ranker.Order(x.Value, pool.Indices));
        for (var k = 0; k < sizes.Count; k++)
        {
            var n = Math.Min(sizes[k], pool.Count);
            var (majority, weighted) = SubsetVotes.Expected(pool, n, options, item, buffers);
            for (var s = 0; s < names.Count; s++)
                result[s][k] = names[s] switch
                {
                    PoolSelectors.RandomName => random,
                    PoolSelectors.GreedyName => pool.GreedyCorrect is { } g ? (g ? 1 : 0) : double.NaN,
                    ReportSelectors.Majority => majority,
                    ReportSelectors.Weighted => weighted,
                    var name => orders.TryGetValue(name, out var order) ? ExpectedArgMax(pool.Correct, order, n) : double.NaN,
                };
        }
        return result;
    }

    /// <summary>
    /// Σ_r P(rank r is the best of a random n-subset) · correct(rank r), with P_0 = n/N and P_{r+1} = P_r · (N−r−n)/(N−1−r);
    /// <paramref name="order"/> is the positions best first (<see cref="Ranker.Order"/>).
    /// </summary>
    public static double ExpectedArgMax(IReadOnlyList<bool> correct, IReadOnlyList<int> order, int n)
    {
        ArgumentNullException.ThrowIfNull(correct);
        ArgumentNullException.ThrowIfNull(order);
        var total = order.Count;
        double p = n / (double)total, sum = 0;
        for (var r = 0; r <= total - n; r++)
        {
            if (correct[order[r]]) sum += p;
            if (total - 1 - r > 0) p *= (total - r - n) / (double)(total - 1 - r);
        }
        return sum;
    }
}
