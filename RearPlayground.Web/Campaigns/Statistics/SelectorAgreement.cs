namespace RearPlayground.Web.Campaigns.Statistics;

/// <summary>One run as the agreement sees it: the team's rank of each answered candidate (1 = best, equal = tied) and a selector's places (1 = its pick, no ties).</summary>
public sealed record AgreementRun(IReadOnlyDictionary<int, int> TeamRanks, IReadOnlyDictionary<int, int> SelectorPlaces);

/// <summary>A selector's agreement with the team, each figure with a 95% interval; NaN where undefined.</summary>
public sealed record AgreementFigures(double Top1, double Top1Low, double Top1High, double Pairwise, double PairwiseLow, double PairwiseHigh,
    double Tau, double TauLow, double TauHigh, int Runs);

/// <summary>
/// How well a selector's order agrees with the team's answers over runs. top1: the share of runs where the selector's pick
/// is among the team's best (rank 1). pairwise: over every pair of candidates the team ranks apart, the share the selector
/// orders the same way (pooled over runs). τ: Kendall's τ-b between the selector's places and the team's ranks (ties in the
/// team's ranks handled by τ-b), averaged over the runs where it is defined. Intervals: percentile bootstrap over runs, seeded.
/// </summary>
public static class SelectorAgreement
{
    public static AgreementFigures Of(IReadOnlyList<AgreementRun> runs, int resamples = ArenaLeaderboard.DefaultResamples, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var figures = runs.Select(Figures).ToArray();
        var (top1, pairwise, tau) = Aggregate(figures, Enumerable.Repeat(1, figures.Length).ToArray());
        var draws = (Top1: new List<double>(), Pairwise: new List<double>(), Tau: new List<double>());
        if (figures.Length > 0)
        {
            var random = new Random(seed);
            var times = new int[figures.Length];
            for (var b = 0; b < resamples; b++)
            {
                Array.Clear(times);
                for (var i = 0; i < figures.Length; i++) times[random.Next(figures.Length)]++;
                var (t, p, k) = Aggregate(figures, times);
                if (!double.IsNaN(t)) draws.Top1.Add(t);
                if (!double.IsNaN(p)) draws.Pairwise.Add(p);
                if (!double.IsNaN(k)) draws.Tau.Add(k);
            }
        }
        draws.Top1.Sort(); draws.Pairwise.Sort(); draws.Tau.Sort();
        static double Low(List<double> d) => AlphaBootstrap.Percentile(d, 0.025);
        static double High(List<double> d) => AlphaBootstrap.Percentile(d, 0.975);
        return new AgreementFigures(top1, Low(draws.Top1), High(draws.Top1), pairwise, Low(draws.Pairwise), High(draws.Pairwise),
            tau, Low(draws.Tau), High(draws.Tau), runs.Count);
    }

    /// <summary>One run's figures: pick among the team's best (0/1), concordant and ranked-apart pairs, τ-b (NaN: undefined).</summary>
    internal readonly record struct RunFigures(double Top1, int Concordant, int Apart, double Tau);

    internal static RunFigures Figures(AgreementRun run)
    {
        var pick = run.SelectorPlaces.MinBy(p => p.Value).Key;
        var top1 = run.TeamRanks.TryGetValue(pick, out var rank) && rank == 1 ? 1.0 : 0.0;
        var common = run.TeamRanks.Keys.Where(run.SelectorPlaces.ContainsKey).Order().ToArray();
        int concordant = 0, discordant = 0, teamTies = 0, pairs = 0;
        for (var i = 0; i < common.Length; i++)
            for (var j = i + 1; j < common.Length; j++)
            {
                pairs++;
                var team = run.TeamRanks[common[i]].CompareTo(run.TeamRanks[common[j]]);
                var selector = run.SelectorPlaces[common[i]].CompareTo(run.SelectorPlaces[common[j]]);
                if (team == 0) teamTies++;
                else if (team == selector) concordant++;
                else discordant++;
            }
        // τ-b = (C − D) / √((n₀ − T_team)(n₀ − T_selector)); the selector's places have no ties.
        var tau = concordant + discordant > 0 ? (concordant - discordant) / Math.Sqrt((double)(pairs - teamTies) * pairs) : double.NaN;
        return new RunFigures(top1, concordant, concordant + discordant, tau);
    }

    private static (double Top1, double Pairwise, double Tau) Aggregate(RunFigures[] figures, int[] times)
    {
        double runs = 0, top1 = 0, concordant = 0, apart = 0, tau = 0, tauRuns = 0;
        for (var i = 0; i < figures.Length; i++)
        {
            if (times[i] == 0) continue;
            var (f, n) = (figures[i], times[i]);
            runs += n;
            top1 += n * f.Top1;
            concordant += n * f.Concordant;
            apart += n * f.Apart;
            if (!double.IsNaN(f.Tau)) { tau += n * f.Tau; tauRuns += n; }
        }
        return (runs > 0 ? top1 / runs : double.NaN, apart > 0 ? concordant / apart : double.NaN, tauRuns > 0 ? tau / tauRuns : double.NaN);
    }
}
