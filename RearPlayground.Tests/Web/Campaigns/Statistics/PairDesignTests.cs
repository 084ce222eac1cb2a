using RearPlayground.Web.Campaigns.Statistics;

namespace RearPlayground.Tests.Web.Campaigns.Statistics;

/// <summary>The pair design of a <c>pairs</c> campaign: connected, every candidate in it, no repeats, the budget's size, repeatable.</summary>
public sealed class PairDesignTests
{
    public static TheoryData<int, int> Sizes()
    {
        var data = new TheoryData<int, int>();
        for (var n = 2; n <= 64; n++)
            foreach (var budget in new[] { PairDesign.DefaultBudget(n), n - 1, n, 3 * n, PairDesign.MaxPairs(n) - 1, PairDesign.MaxPairs(n) }.Distinct())
                data.Add(n, budget);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Design_is_connected_covers_everyone_has_no_repeats_and_the_budgets_size(int n, int budget)
    {
        var pairs = PairDesign.Build(n, budget, seed: n * 7919 + budget);

        // Below N−1 pairs no design connects everyone, so the count is the budget clamped to [N−1, N(N−1)/2].
        Assert.Equal(Math.Clamp(budget, n - 1, n * (n - 1) / 2), pairs.Count);
        Assert.All(pairs, p => Assert.True(p.A < p.B && p.A >= 0 && p.B < n, $"bad pair {p}"));
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, n), pairs.SelectMany(p => new[] { p.A, p.B }).Distinct().Order());
        Assert.Equal(1, Components(n, pairs));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 3)]
    [InlineData(4, 6)]
    [InlineData(16, 32)]
    [InlineData(64, 128)]
    public void Default_budget_is_two_n_capped_at_every_pair(int n, int expected) =>
        Assert.Equal(expected, PairDesign.DefaultBudget(n));

    [Fact]
    public void A_budget_below_n_minus_one_is_raised_so_nobody_is_left_out()
    {
        var pairs = PairDesign.Build(10, 3, seed: 1);
        Assert.Equal(9, pairs.Count);
        Assert.Equal(1, Components(10, pairs));
    }

    [Fact]
    public void The_same_seed_gives_the_same_pairs_and_another_seed_other_ones()
    {
        Assert.Equal(PairDesign.Build(16, 32, seed: 42), PairDesign.Build(16, 32, seed: 42));
        Assert.NotEqual(PairDesign.Build(16, 32, seed: 42), PairDesign.Build(16, 32, seed: 43));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Fewer_than_two_candidates_have_no_pairs(int n) => Assert.Empty(PairDesign.Build(n, 10, seed: 1));

    /// <summary>Number of connected components by union-find.</summary>
    private static int Components(int n, IEnumerable<(int A, int B)> pairs)
    {
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        foreach (var (a, b) in pairs) parent[Find(a)] = Find(b);
        return Enumerable.Range(0, n).Select(Find).Distinct().Count();
    }
}
