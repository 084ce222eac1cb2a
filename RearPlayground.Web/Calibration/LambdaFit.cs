using RearPlayground.Web.Campaigns.Statistics;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Web.Calibration;

/// <summary>The fitted scorer: λ in [<see cref="LambdaLow"/>, <see cref="LambdaHigh"/>] (all equally good), its agreement and held-out figures.</summary>
public sealed record FitBest(double Lambda, double LambdaLow, double LambdaHigh, Aggregation Aggregation, double Gamma, double Agreement,
    double? HeldOut, double? HeldOutLow, double? HeldOutHigh, int Pairs, int Runs);

/// <summary>One aggregation's agreement curve (at its best γ): the agreement from each λ on, until the next point.</summary>
public sealed record FitCurve(Aggregation Aggregation, double Gamma, IReadOnlyList<(double Lambda, double Agreement)> Points);

public sealed record FitResult(FitBest Best, IReadOnlyList<FitCurve> Curves, double DefaultAgreement, Aggregation DefaultAggregation, double DefaultGamma);

/// <summary>
/// Fits λ, the aggregation and γ to human preference pairs by pairwise agreement (ties between scores count ½). For each
/// aggregation and γ in <see cref="Gammas"/>, <see cref="AgreementSweep"/> gives the exact curve; the best stretch wins
/// (ties: the earlier aggregation asked for, then the larger γ, then the stretch nearest λ = 20). Its representative λ is
/// 20 when the stretch holds 20 (the authors' default stays unless the judgments argue against it), else its midpoint rounded as far as it stays inside (a profile reads 2.5, not 2.4837…).
/// Held out: runs split into k folds (seeded); each fold is scored at the fit of the others; the interval is a percentile
/// bootstrap over runs of that held-out agreement.
/// </summary>
public static class LambdaFit
{
    public static readonly double[] Gammas = [1, 0.99, 0.95, 0.9];
    public const int DefaultFolds = 5, Resamples = 1000, MaxCurvePoints = 1000;

    public static FitResult Fit(IReadOnlyList<CalibrationRun> runs, IReadOnlyList<Aggregation> aggregations, int folds = DefaultFolds,
        bool scoreEos = true, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfZero(aggregations.Count);
        // The (aggregation, γ) sweeps are independent: built and fitted side by side, on pairs resolved once.
        var combos = aggregations.SelectMany(a => Gammas.Select(g => new RearOptions(LambdaRange.Default, g, a, scoreEos))).ToArray();
        var table = PairTable.Of(runs);
        var sweeps = new AgreementSweep[combos.Length];
        var bests = new Stretch[combos.Length];
        Parallel.For(0, combos.Length, i =>
        {
            sweeps[i] = new AgreementSweep(table, combos[i]);
            bests[i] = sweeps[i].Best();
        });
        var pairs = sweeps[0].Pairs();
        if (pairs == 0) throw new ArgumentException("no usable judgments: no preference pair names two stored candidates of these runs");
        var fits = sweeps.Select((s, i) => (Sweep: s, Best: bests[i])).ToList();
        var (bestSweep, bestStretch) = Choose(fits);
        var (heldOut, low, high) = HeldOut(runs.Count, sweeps, folds, seed);
        var o = bestSweep.Options;
        var best = new FitBest(Representative(bestStretch), bestStretch.From, bestStretch.To, o.Aggregation, o.Gamma, bestStretch.Agreement,
            heldOut, low, high, pairs, runs.Count);

        var perAggregation = aggregations.Select(a =>
        {
            // The curve drawn for an aggregation is that of its best γ.
            var (sweep, _) = Choose(fits.Where(f => f.Sweep.Options.Aggregation == a));
            return new FitCurve(a, sweep.Options.Gamma, Points(sweep.Curve()));
        }).ToList();

        // The figure a team gets today: mean, γ = 1 at λ = 20 (the best's aggregation when mean was not asked for).
        var defaultSweep = sweeps.FirstOrDefault(s => s.Options.Aggregation == Aggregation.Mean && s.Options.Gamma == 1)
            ?? sweeps.First(s => s.Options.Aggregation == o.Aggregation && s.Options.Gamma == 1);
        var atDefault = Enumerable.Range(0, runs.Count).Sum(r => defaultSweep.RunAgreementAt(r, LambdaRange.Default)) / pairs;
        return new FitResult(best, perAggregation, atDefault, defaultSweep.Options.Aggregation, defaultSweep.Options.Gamma);
    }

    /// <summary>λ = 20 when the stretch holds it, else its midpoint rounded to the fewest decimals that stay strictly inside.</summary>
    public static double Representative(Stretch s)
    {
        if (s.From <= LambdaRange.Default && LambdaRange.Default <= s.To) return LambdaRange.Default;
        var mid = (s.From + s.To) / 2;
        for (var decimals = 0; decimals <= 12; decimals++)
        {
            var round = Math.Round(mid, decimals);
            if (round > s.From && round < s.To) return round;
        }
        return mid;
    }

    // The first (aggregation, γ) with the highest agreement, with its best stretch.
    private static (AgreementSweep, Stretch) Choose(IEnumerable<(AgreementSweep Sweep, Stretch Best)> fits)
    {
        (AgreementSweep? Sweep, Stretch Stretch) best = (null, default);
        foreach (var (sweep, stretch) in fits)
            if (best.Sweep is null || stretch.Agreement > best.Stretch.Agreement) best = (sweep, stretch);
        return (best.Sweep!, best.Stretch);
    }


    /// <summary>k-fold over runs: per run, the agreement of its pairs at the fit of the other folds; then a bootstrap over runs.</summary>
    private static (double?, double?, double?) HeldOut(int runCount, IReadOnlyList<AgreementSweep> sweeps, int folds, int seed)
    {
        folds = Math.Min(folds, runCount);
        if (folds < 2) return (null, null, null);
        var random = new Random(seed);
        var fold = new int[runCount];
        var order = Enumerable.Range(0, runCount).OrderBy(_ => random.Next()).ToArray();
        for (var k = 0; k < order.Length; k++) fold[order[k]] = k % folds;

        // Each sweep's fits leaving out each fold, in one pass per sweep; then per fold the chosen (aggregation, γ) scores it.
        var bests = new Stretch[sweeps.Count][];
        Parallel.For(0, sweeps.Count, i => bests[i] = sweeps[i].BestLeavingOut(fold, folds));
        var agree = new double[runCount];
        var pairs = new int[runCount];
        for (var f = 0; f < folds; f++)
        {
            var (sweep, stretch) = Choose(sweeps.Select((s, i) => (s, bests[i][f])));
            var lambda = Representative(stretch);
            for (var r = 0; r < runCount; r++)
                if (fold[r] == f) (agree[r], pairs[r]) = (sweep.RunAgreementAt(r, lambda), sweep.RunPairs(r));
        }
        var total = pairs.Sum();
        if (total == 0) return (null, null, null);
        var estimate = agree.Sum() / total;

        var estimates = new List<double>(Resamples);
        for (var b = 0; b < Resamples; b++)
        {
            double a = 0, n = 0;
            for (var i = 0; i < runCount; i++)
            {
                var r = random.Next(runCount);
                (a, n) = (a + agree[r], n + pairs[r]);
            }
            if (n > 0) estimates.Add(a / n);
        }
        estimates.Sort();
        return (estimate, AlphaBootstrap.Percentile(estimates, 0.025), AlphaBootstrap.Percentile(estimates, 0.975));
    }

    // Where the agreement changes, and the range's end; a very long curve is sampled at evenly spaced λ for the chart (the fit is exact regardless).
    private static List<(double, double)> Points(List<Stretch> curve)
    {
        if (curve.Count <= MaxCurvePoints) return [.. curve.Select(s => (s.From, s.Agreement)), (LambdaRange.High, curve[^1].Agreement)];
        var points = new List<(double, double)>(MaxCurvePoints);
        var k = 0;
        for (var i = 0; i < MaxCurvePoints; i++)
        {
            var x = LambdaRange.Low + (LambdaRange.High - LambdaRange.Low) * i / MaxCurvePoints;
            while (k + 1 < curve.Count && curve[k + 1].From <= x) k++;
            points.Add((x, curve[k].Agreement));
        }
        points.Add((LambdaRange.High, curve[^1].Agreement));
        return points;
    }
}
