namespace RearPlayground.Web.Campaigns.Statistics;

/// <summary>How one arena comparison came out, for its first and second selector.</summary>
public enum ArenaOutcome { FirstWins, SecondWins, Tie }

/// <summary>One arena comparison: selectors <see cref="First"/> and <see cref="Second"/> (indices) on run <see cref="Run"/> (an index).</summary>
public readonly record struct ArenaResult(int Run, int First, int Second, ArenaOutcome Outcome);

/// <summary>A selector's row: wins, losses, ties, the win rate over decided comparisons and its Bradley–Terry strength, each with a 95% interval.</summary>
public sealed record ArenaStanding(int Wins, int Losses, int Ties, double WinRate, double Low, double High,
    double Strength, double StrengthLow, double StrengthHigh);

/// <summary>Two selectors head to head: <see cref="AWins"/> for A, <see cref="BWins"/> for B, and the ties.</summary>
public sealed record ArenaPair(int A, int B, int AWins, int BWins, int Ties);

public sealed record ArenaTable(IReadOnlyList<ArenaStanding> Selectors, IReadOnlyList<ArenaPair> Pairs, int Runs);

/// <summary>
/// The arena's leaderboard. Win rate = wins / (wins + losses): ties (recorded or judged) count in neither, and a selector
/// with no decided comparison has NaN. Strengths: one Bradley–Terry fit over all comparisons, a tie half a win each, with
/// the usual prior of one virtual tie against a reference of strength 1 (so an unbeaten selector stays finite). Intervals:
/// a percentile bootstrap over runs — draw as many runs as there are, with replacement, keeping each run's comparisons
/// together (they share a prompt and a pool), recount and refit; seeded, so a page reload shows the same figures.
/// </summary>
public static class ArenaLeaderboard
{
    public const int DefaultResamples = 1000;

    public static ArenaTable Compute(int selectors, IReadOnlyList<ArenaResult> results, int resamples = DefaultResamples, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(resamples);
        foreach (var r in results)
            if ((uint)r.First >= selectors || (uint)r.Second >= selectors || r.First == r.Second)
                throw new ArgumentException($"result {r} is not between two of {selectors} selectors", nameof(results));
        // Runs as dense positions: the bootstrap draws runs, keeping each run's comparisons together.
        var runIds = results.Select(r => r.Run).Distinct().Order().ToArray();
        var runOf = runIds.Select((r, i) => (r, i)).ToDictionary(x => x.r, x => x.i);
        var positions = results.Select(r => runOf[r.Run]).ToArray();

        var all = new Counts(selectors);
        foreach (var r in results) all.Add(r, 1);
        var rates = all.WinRates();
        var strengths = all.Strengths();

        var rateDraws = Enumerable.Range(0, selectors).Select(_ => new List<double>(resamples)).ToArray();
        var strengthDraws = Enumerable.Range(0, selectors).Select(_ => new List<double>(resamples)).ToArray();
        if (runIds.Length > 0)
        {
            var random = new Random(seed);
            var draws = new int[runIds.Length];
            var sum = new Counts(selectors);
            for (var b = 0; b < resamples; b++)
            {
                Array.Clear(draws);
                for (var i = 0; i < runIds.Length; i++) draws[random.Next(runIds.Length)]++;
                sum.Clear();
                // One pass over the comparisons, each weighted by how often its run was drawn.
                for (var k = 0; k < results.Count; k++)
                    if (draws[positions[k]] is var times and > 0) sum.Add(results[k], times);
                var rate = sum.WinRates();
                // From the full fit: a resample's strengths are near it, so the iteration takes a few steps.
                var strength = sum.Strengths(strengths);
                for (var s = 0; s < selectors; s++)
                {
                    if (!double.IsNaN(rate[s])) rateDraws[s].Add(rate[s]);
                    strengthDraws[s].Add(strength[s]);
                }
            }
        }
        foreach (var list in rateDraws.Concat(strengthDraws)) list.Sort();

        var standings = Enumerable.Range(0, selectors).Select(s => new ArenaStanding(
            (int)all.WinsOf(s), (int)all.LossesOf(s), (int)all.TiesOf(s), rates[s],
            AlphaBootstrap.Percentile(rateDraws[s], 0.025), AlphaBootstrap.Percentile(rateDraws[s], 0.975),
            strengths[s], AlphaBootstrap.Percentile(strengthDraws[s], 0.025), AlphaBootstrap.Percentile(strengthDraws[s], 0.975))).ToList();
        var pairs = new List<ArenaPair>();
        for (var a = 0; a < selectors; a++)
            for (var b = a + 1; b < selectors; b++)
                pairs.Add(new ArenaPair(a, b, (int)all.Wins[a, b], (int)all.Wins[b, a], (int)all.Ties[a, b]));
        return new ArenaTable(standings, pairs, runIds.Length);
    }

    /// <summary>Head-to-head counts between selectors, weighted by how often a run was drawn.</summary>
    private sealed class Counts(int selectors)
    {
        public readonly double[,] Wins = new double[selectors, selectors];
        public readonly double[,] Ties = new double[selectors, selectors];

        public void Add(ArenaResult r, int times)
        {
            switch (r.Outcome)
            {
                case ArenaOutcome.FirstWins: Wins[r.First, r.Second] += times; break;
                case ArenaOutcome.SecondWins: Wins[r.Second, r.First] += times; break;
                default: Ties[r.First, r.Second] += times; Ties[r.Second, r.First] += times; break;
            }
        }

        public void Clear()
        {
            Array.Clear(Wins);
            Array.Clear(Ties);
        }

        public double WinsOf(int s) => Row(Wins, s);
        public double LossesOf(int s) => Column(Wins, s);
        public double TiesOf(int s) => Row(Ties, s);

        public double[] WinRates() => [.. Enumerable.Range(0, selectors).Select(s =>
            WinsOf(s) + LossesOf(s) is var decided and > 0 ? WinsOf(s) / decided : double.NaN)];

        public IReadOnlyList<double> Strengths(IReadOnlyList<double>? start = null)
        {
            var wins = new double[selectors];
            var games = new double[selectors, selectors];
            for (var i = 0; i < selectors; i++)
                for (var j = 0; j < selectors; j++)
                {
                    wins[i] += Wins[i, j] + Ties[i, j] / 2;
                    games[i, j] = Wins[i, j] + Wins[j, i] + Ties[i, j];
                }
            // A bootstrap refit (from the full fit) stops at 1e-6: MM converges slowly with many games, and a resample's
            // Monte Carlo error is far larger than that; the full fit keeps the usual 1e-10.
            return BradleyTerry.Fit(wins, games, start: start, tolerance: start is null ? 1e-10 : 1e-6).Strengths;
        }

        private double Row(double[,] m, int s) { var t = 0.0; for (var j = 0; j < selectors; j++) t += m[s, j]; return t; }
        private double Column(double[,] m, int s) { var t = 0.0; for (var i = 0; i < selectors; i++) t += m[i, s]; return t; }
    }
}
