namespace RearPlayground.Web.Campaigns.Statistics;

/// <summary>
/// Which pairs of a run's candidates a <c>pairs</c> campaign judges: a budget (default 2N) instead of all N(N−1)/2.
/// The design is connected, so Bradley–Terry can place every candidate on one scale: a Hamiltonian cycle over a
/// seeded shuffle of the candidates (a path when the budget only allows N−1 pairs), then distinct random pairs up
/// to the budget. Each pair is returned with <c>A &lt; B</c>; which side is shown left is the work view's business,
/// since it shuffles the letters per annotator anyway. The same (candidates, budget, seed) gives the same pairs.
/// </summary>
public static class PairDesign
{
    /// <summary>2N pairs, at most every pair once: twice the N−1 a connected design needs, so each candidate meets ~4 others.</summary>
    public static int DefaultBudget(int candidates) => Math.Min(2 * Math.Max(candidates, 0), MaxPairs(candidates));

    /// <summary>N(N−1)/2, the number of distinct unordered pairs (0 below two candidates).</summary>
    public static int MaxPairs(int candidates) => candidates < 2 ? 0 : candidates * (candidates - 1) / 2;

    /// <summary>
    /// The pairs to judge. The count is the budget clamped to [N−1, N(N−1)/2]: fewer than N−1 pairs cannot connect
    /// every candidate, so a smaller budget is raised rather than leaving candidates out.
    /// </summary>
    public static IReadOnlyList<(int A, int B)> Build(int candidates, int budget, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(candidates);
        if (candidates < 2) return [];
        var target = Math.Clamp(budget, candidates - 1, MaxPairs(candidates));
        var random = new Random(seed);
        var order = Enumerable.Range(0, candidates).ToArray();
        random.Shuffle(order);

        var chosen = new HashSet<(int, int)>();
        var pairs = new List<(int A, int B)>(target);
        void Add(int x, int y)
        {
            var pair = x < y ? (x, y) : (y, x);
            if (pairs.Count < target && chosen.Add(pair)) pairs.Add(pair);
        }

        // Spanning path, closed to a cycle when the budget allows (with two candidates the cycle's edge is the path's).
        for (var i = 1; i < candidates; i++) Add(order[i - 1], order[i]);
        Add(order[^1], order[0]);

        foreach (var pair in Extras(candidates, target - pairs.Count, chosen, random)) Add(pair.A, pair.B);
        return pairs;
    }

    /// <summary>
    /// <paramref name="count"/> random pairs not yet chosen. Sparse budgets draw at random and retry on a repeat;
    /// dense ones shuffle the remaining pairs, where retries would mostly hit pairs already taken.
    /// </summary>
    private static IEnumerable<(int A, int B)> Extras(int candidates, int count, HashSet<(int, int)> chosen, Random random)
    {
        if (count <= 0) return [];
        var remaining = MaxPairs(candidates) - chosen.Count;
        if (count * 2 > remaining)
        {
            var rest = new List<(int A, int B)>(remaining);
            for (var a = 0; a < candidates; a++)
                for (var b = a + 1; b < candidates; b++)
                    if (!chosen.Contains((a, b))) rest.Add((a, b));
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rest);
            random.Shuffle(span);
            return rest.Take(count);
        }
        var drawn = new List<(int A, int B)>(count);
        var seen = new HashSet<(int, int)>(chosen);
        while (drawn.Count < count)
        {
            var x = random.Next(candidates);
            var y = random.Next(candidates - 1);
            if (y >= x) y++; // a distinct second candidate without a retry
            var pair = x < y ? (x, y) : (y, x);
            if (seen.Add(pair)) drawn.Add(pair);
        }
        return drawn;
    }
}
