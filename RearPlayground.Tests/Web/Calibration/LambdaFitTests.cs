using RearPlayground.Web.Calibration;
using RearPlayground.Worker.Rear;
using static RearPlayground.Tests.Web.Calibration.CalibrationSamples;

namespace RearPlayground.Tests.Web.Calibration;

/// <summary>λ fitted to preference pairs: the exact sweep against a dense grid, a crafted λ = 0 team, held-out figures.</summary>
public sealed class LambdaFitTests
{
    [Theory]
    [InlineData(Aggregation.Mean, 1.0)]
    [InlineData(Aggregation.Sum, 0.95)]
    [InlineData(Aggregation.Last, 1.0)]
    [InlineData(Aggregation.Min, 0.9)]
    public void The_swept_curve_equals_a_dense_grid_of_the_Ranker_on_random_pools(Aggregation aggregation, double gamma)
    {
        for (var seed = 0; seed < 5; seed++)
        {
            var runs = RandomRuns(new Random(seed), runs: 6, candidates: 5);
            var options = new RearOptions(20, gamma, aggregation);
            var curve = new AgreementSweep(runs, options).Curve();
            var steps = curve.Skip(1).Select(s => s.From).ToArray();
            var gridBest = double.NegativeInfinity;
            for (var k = 0; k <= 4000; k++)
            {
                var lambda = LambdaRange.Low + (LambdaRange.High - LambdaRange.Low) * (k + 0.37) / 4001;
                var brute = BruteForce(runs, options with { Lambda = lambda });
                gridBest = Math.Max(gridBest, brute);
                // Right at a step the two sides differ by rounding: compare away from them.
                if (steps.Any(x => Math.Abs(x - lambda) < 1e-7)) continue;
                var swept = curve.First(s => s.From <= lambda && lambda < s.To).Agreement;
                Assert.True(Math.Abs(brute - swept) < 1e-12, $"seed {seed}, λ = {lambda}: grid {brute}, sweep {swept}");
            }
            // The sweep's maximum is the grid's (the grid can only miss a stretch narrower than its step).
            var top = curve.Max(s => s.Agreement);
            Assert.True(top >= gridBest - 1e-12);
            if (curve.Where(s => s.Agreement == top).Max(s => s.To - s.From) > 0.05) Assert.Equal(top, gridBest, 12);
        }
    }

    [Fact]
    public void The_fit_equals_the_best_of_a_dense_grid_over_aggregations_and_gammas()
    {
        var runs = RandomRuns(new Random(11), runs: 8, candidates: 4);
        var fit = LambdaFit.Fit(runs, [Aggregation.Mean, Aggregation.Sum], folds: 2);
        var gridBest = LambdaFit.Gammas.SelectMany(g => new[] { Aggregation.Mean, Aggregation.Sum }.SelectMany(a =>
            Enumerable.Range(0, 2000).Select(k => BruteForce(runs, new RearOptions(-10 + 110 * (k + 0.5) / 2000, g, a))))).Max();
        Assert.True(fit.Best.Agreement >= gridBest);
        Assert.Equal(fit.Best.Agreement, BruteForce(runs, new RearOptions(fit.Best.Lambda, fit.Best.Gamma, fit.Best.Aggregation)), 12);
    }

    [Fact]
    public void Judges_who_always_pick_the_lambda_0_choice_fit_an_interval_holding_0_with_agreement_1()
    {
        var random = new Random(3);
        var runs = new List<CalibrationRun>();
        for (var r = 0; r < 20; r++)
        {
            var pool = Enumerable.Range(0, 6).Select(i => (IRankable)RandomCandidate(random, i, minTokens: 4)).ToList();
            // The team's ranking is the order at λ = 0 (and so every pair agrees with it); distinct S(0) keep it strict.
            var order = Ranker.Order(Ranker.Scores(pool, new RearOptions(0)));
            var pairs = new List<PreferencePair>();
            for (var i = 0; i < order.Length; i++)
                for (var j = i + 1; j < order.Length; j++) pairs.Add(new PreferencePair(pool[order[i]].Index, pool[order[j]].Index));
            runs.Add(new CalibrationRun(Guid.NewGuid(), pool, pairs));
        }
        var fit = LambdaFit.Fit(runs, [Aggregation.Mean]);
        Assert.Equal(1, fit.Best.Agreement);
        Assert.True(fit.Best.LambdaLow < 0 && fit.Best.LambdaHigh > 0, $"[{fit.Best.LambdaLow}, {fit.Best.LambdaHigh}]");
        Assert.Equal(1, fit.Best.Gamma);
        Assert.Equal(20 * 15, fit.Best.Pairs);
        // Held out, a fold is scored at the midpoint of the others' stretch, which a pair of its own may flip just inside.
        Assert.InRange(fit.Best.HeldOut!.Value, 0.98, 1);
        Assert.True(fit.Best.HeldOutLow <= fit.Best.HeldOut && fit.Best.HeldOut <= fit.Best.HeldOutHigh);
        // λ = 20 disagrees somewhere (the pools were not built for it), and the curve says so too.
        Assert.True(fit.DefaultAgreement < 1);
        var mean = fit.Curves.Single();
        Assert.Equal(1, mean.Points.First(p => p.Lambda <= 0 && 0 < mean.Points[mean.Points.ToList().IndexOf(p) + 1].Lambda).Agreement);
    }

    [Fact]
    public void A_tie_between_scores_counts_half_and_a_judgment_on_unknown_candidates_is_left_out()
    {
        var same = Candidate(0, [-1f, -2f], [-1.5f, -1f]);
        var twin = Candidate(1, [-1f, -2f], [-1.5f, -1f]);
        var runs = new List<CalibrationRun> { new(Guid.NewGuid(), [same, twin], [new(0, 1), new(0, 7)]) };
        var fit = LambdaFit.Fit(runs, [Aggregation.Mean]);
        Assert.Equal(0.5, fit.Best.Agreement);
        Assert.Equal(1, fit.Best.Pairs);
        Assert.Equal(20, fit.Best.Lambda); // the whole range ties: λ = 20 stays
        Assert.Null(fit.Best.HeldOut);     // one run: nothing to hold out
    }

    [Fact]
    public void No_usable_pair_is_refused()
    {
        var runs = new List<CalibrationRun> { new(Guid.NewGuid(), [Candidate(0, [-1f], [-1f])], [new(3, 4)]) };
        Assert.Throws<ArgumentException>(() => LambdaFit.Fit(runs, [Aggregation.Mean]));
    }

    [Fact]
    public void An_empty_response_loses_to_any_other_and_the_min_envelope_is_exact_for_a_hand_case()
    {
        // min over tokens of (1−λ)ℓ0 + λℓp: token lines −1 + 0λ and −3 + 4λ → −3 + 4λ until λ = 0.5, then −1.
        var c = Candidate(0, [-1f, -3f], [-1f, 1f]);
        var f = ScoreFunction.Of(c, new RearOptions(Aggregation: Aggregation.Min));
        Assert.Equal([(-10.0, -3.0, 4.0), (0.5, -1.0, 0.0)], f.Pieces!.Select(p => (p.From, p.A, p.B)));
        var empty = Candidate(1, [], []);
        var runs = new List<CalibrationRun> { new(Guid.NewGuid(), [c, empty], [new(1, 0)]) };
        Assert.Equal(0, LambdaFit.Fit(runs, [Aggregation.Mean, Aggregation.Min]).Best.Agreement);
    }
}
