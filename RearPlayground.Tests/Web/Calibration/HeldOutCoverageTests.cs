using RearPlayground.Web.Calibration;
using RearPlayground.Worker.Rear;
using static RearPlayground.Tests.Web.Calibration.CalibrationSamples;

namespace RearPlayground.Tests.Web.Calibration;

/// <summary>The held-out agreement's bootstrap interval covers the truth at about its stated 95 %.</summary>
public sealed class HeldOutCoverageTests
{
    [Fact]
    public void Bootstrap_intervals_cover_the_true_agreement_of_simulated_judges_about_95_percent_of_the_time()
    {
        // Candidates of a run differ by a constant per token in both ℓ0 and ℓp, so every λ orders them alike, and a judge
        // who agrees with that order with probability 0.7 has a true agreement of 0.7 whatever λ the folds fit.
        const double truth = 0.7;
        const int simulations = 200;
        var covered = 0;
        var estimates = new List<double>();
        for (var s = 0; s < simulations; s++)
        {
            var random = new Random(1000 + s);
            var runs = new List<CalibrationRun>();
            for (var r = 0; r < 40; r++)
            {
                var baseWithout = Enumerable.Range(0, 5).Select(_ => (float)(-random.NextDouble() * 4)).ToArray();
                var baseWith = baseWithout.Select(x => x + (float)(random.NextDouble() - 0.5)).ToArray();
                var shifts = Enumerable.Range(0, 4).Select(i => (float)i * 0.25f).ToArray();
                var pool = shifts.Select((d, i) => (IRankable)Candidate(i, [.. baseWithout.Select(x => x - d)], [.. baseWith.Select(x => x - d)])).ToList();
                var pairs = new List<PreferencePair>();
                for (var i = 0; i < 4; i++)
                    for (var j = i + 1; j < 4; j++)
                        pairs.Add(random.NextDouble() < truth ? new PreferencePair(i, j) : new PreferencePair(j, i)); // lower shift scores higher
                runs.Add(new CalibrationRun(Guid.NewGuid(), pool, pairs));
            }
            var best = LambdaFit.Fit(runs, [Aggregation.Mean], seed: s).Best;
            estimates.Add(best.HeldOut!.Value);
            if (best.HeldOutLow <= truth && truth <= best.HeldOutHigh) covered++;
        }
        var rate = (double)covered / simulations;
        Assert.InRange(rate, 0.89, 0.99);
        Assert.InRange(estimates.Average(), truth - 0.02, truth + 0.02);
    }
}
