namespace RearPlayground.Web.Campaigns.Statistics;

/// <summary>
/// Bradley–Terry strengths (P(i beats j) = p_i / (p_i + p_j)), <see cref="Order"/> best first, and
/// <see cref="Ranks"/> (1 = best; equal strengths share a rank, "1, 2, 2, 4"), which is how the team's answer shows ties.
/// </summary>
public sealed record BradleyTerryResult(IReadOnlyList<double> Strengths, IReadOnlyList<int> Order, IReadOnlyList<int> Ranks, int Iterations, bool Converged);

/// <summary>
/// Bradley–Terry by Hunter's (2004) MM algorithm: p_i ← W_i / Σ_j n_ij / (p_i + p_j), ties half a win each.
/// The plain MLE is infinite for an undefeated candidate and undefined for a disconnected design, both common with a
/// few judgments per item, so by default every candidate also plays <paramref name="priorTies"/> virtual ties
/// against a fixed reference of strength 1: a small pull towards "average" that keeps strengths finite and unique and
/// vanishes as real judgments accumulate. With 0 it is the MLE, scaled to geometric mean 1.
/// </summary>
public static class BradleyTerry
{
    public const double DefaultPriorTies = 1;

    public static BradleyTerryResult Fit(int candidates, IEnumerable<Comparison> comparisons, double priorTies = DefaultPriorTies,
        int maxIterations = 10_000, double tolerance = 1e-10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(candidates);
        ArgumentOutOfRangeException.ThrowIfNegative(priorTies);
        var wins = new double[candidates];
        var games = new double[candidates, candidates];
        foreach (var c in comparisons)
        {
            if ((uint)c.Winner >= candidates || (uint)c.Loser >= candidates || c.Winner == c.Loser)
                throw new ArgumentException($"comparison {c} is not between two of {candidates} candidates", nameof(comparisons));
            wins[c.Winner] += c.Tie ? 0.5 : 1;
            wins[c.Loser] += c.Tie ? 0.5 : 0;
            games[c.Winner, c.Loser]++;
            games[c.Loser, c.Winner]++;
        }
        return Fit(wins, games, priorTies, maxIterations, tolerance);
    }

    /// <summary>
    /// The same fit from counts: <paramref name="wins"/>[i] (a tie half a win each), <paramref name="games"/>[i, j] = games
    /// between i and j (symmetric). The arena's bootstrap refits from summed counts rather than single comparisons.
    /// </summary>
    /// <param name="start">Where the iteration starts (default all 1): a bootstrap refit starts from the full fit, so it takes a few steps.</param>
    public static BradleyTerryResult Fit(double[] wins, double[,] games, double priorTies = DefaultPriorTies,
        int maxIterations = 10_000, double tolerance = 1e-10, IReadOnlyList<double>? start = null)
    {
        ArgumentNullException.ThrowIfNull(wins);
        ArgumentNullException.ThrowIfNull(games);
        ArgumentOutOfRangeException.ThrowIfNegative(priorTies);
        var candidates = wins.Length;
        var p = start is { } given && given.Count == candidates && given.All(x => x > 0 && double.IsFinite(x))
            ? [.. given] : Enumerable.Repeat(1.0, candidates).ToArray();
        var next = new double[candidates];
        var iterations = 0;
        var converged = candidates == 0;
        while (!converged && iterations < maxIterations)
        {
            iterations++;
            for (var i = 0; i < candidates; i++)
            {
                // Virtual ties against the reference: priorTies/2 wins out of priorTies games with strength 1.
                var denominator = priorTies / (p[i] + 1);
                for (var j = 0; j < candidates; j++)
                    if (games[i, j] > 0) denominator += games[i, j] / (p[i] + p[j]);
                next[i] = denominator > 0 ? (wins[i] + priorTies / 2) / denominator : p[i];
            }
            if (priorTies == 0) Normalise(next);
            converged = true;
            for (var i = 0; i < candidates && converged; i++) converged = Math.Abs(Math.Log(next[i] / p[i])) < tolerance;
            (p, next) = (next, p);
        }
        return new BradleyTerryResult(p, OrderOf(p), RanksOf(p), iterations, converged);
    }

    /// <summary>Geometric mean 1: without the reference the MLE fixes only ratios.</summary>
    private static void Normalise(double[] p)
    {
        // A candidate with no wins at all goes to 0 in the MLE; leave the scale to the others.
        var positive = p.Where(x => x > 0).ToArray();
        if (positive.Length == 0) return;
        var scale = Math.Exp(positive.Average(Math.Log));
        for (var i = 0; i < p.Length; i++) p[i] /= scale;
    }

    private static int[] OrderOf(double[] p) => [.. Enumerable.Range(0, p.Length).OrderByDescending(i => p[i]).ThenBy(i => i)];

    /// <summary>Competition ranks; strengths within a relative 1e-6 count as equal, as iteration leaves tiny differences.</summary>
    private static int[] RanksOf(double[] p)
    {
        var order = OrderOf(p);
        var ranks = new int[p.Length];
        for (var k = 0; k < order.Length; k++)
        {
            var same = k > 0 && Math.Abs(p[order[k]] - p[order[k - 1]]) <= 1e-6 * Math.Max(p[order[k]], p[order[k - 1]]);
            ranks[order[k]] = same ? ranks[order[k - 1]] : k + 1;
        }
        return ranks;
    }
}
