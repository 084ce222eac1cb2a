using RearPlayground.Worker.Batches.Report;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Selection;
using static RearPlayground.Tests.Batches.Report.CraftedPools;

namespace RearPlayground.Tests.Batches.Report;

/// <summary>Accuracy against N against a brute force over every subset, computed here without the report's code paths.</summary>
public class AccuracyCurveTests
{
    private static readonly ItemJudge Boxed = new(new AnswerRule(AnswerRule.Boxed));
    private static readonly RearOptions Rear = new(Lambda: 2);

    [Fact]
    public void Sizes_are_powers_of_two_then_N()
    {
        Assert.Equal([1, 2, 4, 8, 16, 24], AccuracyCurve.Sizes(24));
        Assert.Equal([1, 2, 4, 8, 16, 32, 64], AccuracyCurve.Sizes(64));
        Assert.Equal([1], AccuracyCurve.Sizes(1));
    }

    [Fact]
    public void Accuracy_against_N_equals_the_exact_expectation_over_every_subset()
    {
        var items = Enumerable.Range(0, 6).Select(i => RandomItem(seed: i, size: 5 + i % 3)).ToList();
        var curves = AccuracyCurve.Compute([.. items.Select(i => i.Judged)], new CurveOptions(Subsets: 1000));

        foreach (var curve in curves)
            foreach (var point in curve.Points)
            {
                var exact = items.Select(i => BruteForce(i, curve.Selector, point.N)).Where(x => x is not null).Average(x => x!.Value);
                Assert.True(Math.Abs(exact - point.Accuracy) < 1e-12, $"{curve.Selector} n={point.N}: {point.Accuracy} vs exact {exact}");
            }
        Assert.Equal(ReportSelectors.Names.Order(), curves.Select(c => c.Selector).Order()); // every selector applies to some item
    }

    [Fact]
    public void Sampled_votes_come_close_to_the_exact_expectation()
    {
        // C(12, 6) = 924 subsets: 1000 enumerates them, 300 samples them.
        var items = Enumerable.Range(0, 20).Select(i => RandomItem(seed: 100 + i, size: 12)).Select(i => i.Judged).ToList();
        var exact = AccuracyCurve.Compute(items, new CurveOptions(Subsets: 1000, MaxN: 12));
        var sampled = AccuracyCurve.Compute(items, new CurveOptions(Subsets: 300, Seed: 5, MaxN: 12));
        foreach (var name in new[] { ReportSelectors.Majority, ReportSelectors.Weighted })
        {
            var e = exact.Single(c => c.Selector == name).Points;
            var s = sampled.Single(c => c.Selector == name).Points;
            for (var k = 0; k < e.Count; k++) Assert.True(Math.Abs(e[k].Accuracy - s[k].Accuracy) < 0.03, $"{name} n={e[k].N}: {s[k].Accuracy} vs {e[k].Accuracy}");
        }
        Assert.Equal(sampled, AccuracyCurve.Compute(items, new CurveOptions(Subsets: 300, Seed: 5, MaxN: 12)), new CurveComparer()); // seeded
    }

    [Fact]
    public void At_n_equals_N_the_curve_is_the_whole_pool_result_and_at_1_every_arg_max_is_random()
    {
        var items = Enumerable.Range(0, 8).Select(i => RandomItem(seed: 40 + i, size: 7)).ToList();
        var curves = AccuracyCurve.Compute([.. items.Select(i => i.Judged)]);
        var results = items.Select(i => i.Judged.Result("x")).ToList();
        foreach (var name in new[] { "rear", "likelihood", "preference", "genrm", "majority", "weighted" })
        {
            var points = curves.Single(c => c.Selector == name).Points;
            Assert.Equal(results.Average(r => r.Correct[name] == true ? 1.0 : 0), points[^1].Accuracy, 12);
            if (name is not ("majority" or "weighted"))
                Assert.Equal(curves.Single(c => c.Selector == "random").Points[0].Accuracy, points[0].Accuracy, 12);
        }
    }

    private sealed record Item(SelectorPool Pool, JudgedPool Judged, string Answer);

    // Answers drawn from a few values (some equivalent spellings), scores and GenRM scores at random; a greedy decode.
    private static Item RandomItem(int seed, int size)
    {
        var random = new SeededRandom((ulong)seed + 1);
        string[] answers = [@"\boxed{1/2}", @"\boxed{0.5}", @"\boxed{3}", @"\boxed{4}", "no answer", @"\boxed{\frac{1}{2}}"];
        var candidates = Enumerable.Range(0, size).Select(_ => (answers[random.NextUInt64() % 6], -3 * random.NextDouble(), -3 * random.NextDouble())).ToArray();
        double?[] genRm = [.. Enumerable.Range(0, size).Select(_ => (double?)Math.Round(random.NextDouble(), 1))]; // rounded: ties happen
        var pool = Pool(candidates, genRm, greedy: size, seed: seed);
        var answer = seed % 2 == 0 ? "0.5" : "3";
        return new Item(pool, JudgedPool.Judge(pool, Rear, new ItemTruth(answer), Boxed, @"\boxed{3}")!, answer);
    }

    // The mean over every n-subset of whether the selector's pick on that sub-pool is correct; picks by PoolSelectors and a
    // plain majority / weighted vote written out here.
    private static double? BruteForce(Item item, string selector, int n)
    {
        var all = item.Pool.Candidates.Count;
        var subsets = Subsets(all, Math.Min(n, all)).ToList();
        var outcomes = new List<double>();
        foreach (var subset in subsets)
        {
            var sub = new SelectorPool([.. subset.Select(p => item.Pool.Candidates[p])], [.. subset.Select(p => item.Pool.GenRm[p])], item.Pool.Greedy, item.Pool.Seed);
            double? outcome = selector switch
            {
                "random" => subset.Average(p => Correct(item, p) ? 1.0 : 0),
                "greedy" => 1.0 * (item.Answer == "3" ? 1 : 0),
                "majority" or "weighted" => Vote(item, subset, selector == "weighted") is { } w && Correct(item, w) ? 1 : 0,
                _ => PoolSelectors.PickAll(sub, Rear)[selector] is { } pick ? (Correct(item, pick) ? 1 : 0) : null,
            };
            if (outcome is null) return null;
            outcomes.Add(outcome.Value);
        }
        return outcomes.Average();
    }

    private static bool Correct(Item item, int position) => Boxed.Correct(new ItemTruth(item.Answer), item.Pool.Candidates[position].Text) == true;

    private static int? Vote(Item item, int[] subset, bool weighted)
    {
        var truth = new ItemTruth(item.Answer);
        var scores = subset.Select(p => Ranker.Score(item.Pool.Candidates[p], Rear)).ToArray();
        var max = scores.Max();
        var tally = new Dictionary<string, (double Sum, int First)>();
        for (var k = 0; k < subset.Length; k++)
        {
            if (Boxed.VoteKey(truth, item.Pool.Candidates[subset[k]].Text) is not { } key) continue;
            var w = weighted ? Math.Exp(scores[k] - max) : 1;
            tally[key] = tally.TryGetValue(key, out var t) ? (t.Sum + w, Math.Min(t.First, subset[k])) : (w, subset[k]);
        }
        if (tally.Count == 0) return null;
        // Most votes; equal sums to the lowest first index. Sums are compared with a little slack since they add in another order.
        var top = tally.Values.Max(t => t.Sum);
        return tally.Values.Where(t => t.Sum >= top - 1e-12).Min(t => t.First);
    }

    private static IEnumerable<int[]> Subsets(int total, int n)
    {
        if (n == 0) { yield return []; yield break; }
        for (var first = 0; first <= total - n; first++)
            foreach (var rest in Subsets(total - first - 1, n - 1))
                yield return [first, .. rest.Select(r => r + first + 1)];
    }

    private sealed class CurveComparer : IEqualityComparer<SelectorCurve>
    {
        public bool Equals(SelectorCurve? a, SelectorCurve? b) => a!.Selector == b!.Selector && a.Points.SequenceEqual(b.Points);
        public int GetHashCode(SelectorCurve c) => c.Selector.GetHashCode(StringComparison.Ordinal);
    }
}
