using RearPlayground.Web.Calibration;
using RearPlayground.Worker.Rear;
using static RearPlayground.Tests.Web.Calibration.CalibrationSamples;

namespace RearPlayground.Tests.Web.Calibration;

/// <summary>The sweep's fast parts against the plain ways: the min envelope, the bucket sort of steps, all folds in one pass.</summary>
public sealed class SweepPartsTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(0.99)]
    [InlineData(0.9)]
    public void The_min_envelope_equals_the_Ranker_at_every_lambda_for_long_responses(double gamma)
    {
        var random = new Random(7);
        for (var n = 0; n < 40; n++)
        {
            var c = RandomCandidate(random, n, minTokens: 1, maxTokens: 400);
            var options = new RearOptions(20, gamma, Aggregation.Min);
            var f = ScoreFunction.Of(c, options);
            Assert.Equal(LambdaRange.Low, f.Pieces![0].From);
            for (var k = 1; k < f.Pieces.Length; k++)
            {
                Assert.True(f.Pieces[k].From > f.Pieces[k - 1].From);
                Assert.True(f.Pieces[k].B < f.Pieces[k - 1].B); // concave: slopes fall
            }
            for (var k = 0; k <= 2000; k++)
            {
                var lambda = LambdaRange.Low + (LambdaRange.High - LambdaRange.Low) * k / 2000;
                var ranker = Ranker.Score(c, options with { Lambda = lambda });
                Assert.True(Math.Abs(f.At(lambda) - ranker) <= 1e-9 * (1 + Math.Abs(ranker)), $"candidate {n}, λ = {lambda}: {f.At(lambda)} vs {ranker}");
            }
        }
    }

    [Fact]
    public void Steps_come_out_sorted_like_Array_Sort_however_they_cluster()
    {
        var random = new Random(5);
        foreach (var spread in new Func<double>[]
        {
            () => LambdaRange.Low + random.NextDouble() * (LambdaRange.High - LambdaRange.Low),
            () => 3 + random.NextDouble() * 1e-9,                                   // all in one bucket
            () => Math.Round(random.NextDouble() * 4) - 1,                          // many equal λ
            () => random.Next(3) switch { 0 => LambdaRange.Low, 1 => LambdaRange.High, _ => 0 },
        })
        {
            var events = new StepEvents(4);
            var expected = new List<(double X, double Delta, int Run)>();
            for (var k = 0; k < 5000; k++)
            {
                var (x, delta, run) = (spread(), random.Next(2) == 0 ? 1.0 : -0.5, k);
                events.Add(x, delta, run);
                expected.Add((x, delta, run));
            }
            var (xs, deltas, runs) = events.Sorted();
            Assert.Equal(expected.Select(e => e.X).Order(), xs);
            // Each step keeps its own change and run.
            Assert.Equal(expected.OrderBy(e => e.Run), xs.Select((x, k) => (x, deltas[k], runs[k])).OrderBy(e => e.Item3));
        }
    }

    [Theory]
    [InlineData(Aggregation.Mean, 1.0)]
    [InlineData(Aggregation.Min, 0.95)]
    [InlineData(Aggregation.Last, 0.9)]
    public void All_folds_fitted_in_one_pass_equal_each_fold_fitted_alone(Aggregation aggregation, double gamma)
    {
        for (var seed = 0; seed < 5; seed++)
        {
            var random = new Random(seed);
            var runs = RandomRuns(random, runs: 30, candidates: 5);
            var sweep = new AgreementSweep(runs, new RearOptions(20, gamma, aggregation));
            const int folds = 4;
            var fold = Enumerable.Range(0, runs.Count).Select(_ => random.Next(folds)).ToArray();
            var together = sweep.BestLeavingOut(fold, folds);
            for (var f = 0; f < folds; f++) Assert.Equal(sweep.Best([.. fold.Select(k => k != f)]), together[f]);
        }
    }
}
