using RearPlayground.Web.Components.Pages.Runs.Results;
using RearPlayground.Worker.Rear;
using static RearPlayground.Tests.Results.ResultsSamples;

namespace RearPlayground.Tests.Results;

/// <summary>Who wins where on the λ sweep: exact envelopes of lines, the numeric path for min, and both agreeing.</summary>
public sealed class WinnerIntervalsTests
{
    [Fact]
    public void Envelope_of_three_lines_has_the_breakpoints_computed_by_hand()
    {
        // y = −x, y = 1, y = x on [−5, 5]: −x above 1 until x = −1, then 1 until x = 1, then x.
        var intervals = WinnerIntervals.Exact([(0, -1), (1, 0), (0, 1)], -5, 5);
        Assert.Equal([(-5.0, -1.0, 0), (-1.0, 1.0, 1), (1.0, 5.0, 2)], Tuples(intervals));
    }

    [Fact]
    public void A_line_that_only_touches_the_envelope_never_wins_and_a_shared_crossing_goes_to_the_steepest()
    {
        // y = 0 touches at x = 0 where −x hands over to x; three lines crossing at one point pick the steepest.
        Assert.Equal([(-5.0, 0.0, 1), (0.0, 5.0, 2)], Tuples(WinnerIntervals.Exact([(0, 0), (0, -1), (0, 1)], -5, 5)));
        Assert.Equal([(-5.0, 0.0, 0), (0.0, 5.0, 2)], Tuples(WinnerIntervals.Exact([(0, -2), (0, 1), (0, 3)], -5, 5)));
    }

    [Fact]
    public void Identical_lines_go_to_the_first_and_empty_candidates_never_win()
    {
        Assert.Equal([(0.0, 1.0, 0)], Tuples(WinnerIntervals.Exact([(1, 2), (1, 2)], 0, 1)));
        Assert.Equal([(0.0, 1.0, 1)], Tuples(WinnerIntervals.Exact([null, (-100, 0)], 0, 1)));
        Assert.Equal([(0.0, 1.0, 0)], Tuples(WinnerIntervals.Exact([null, null], 0, 1)));
    }

    [Fact]
    public void Sweep_under_mean_flips_exactly_at_the_hand_computed_lambda_and_draws_straight_lines()
    {
        var sweep = LambdaSweep.Compute([A(), B()], new RearOptions());
        Assert.True(sweep.Exact);
        Assert.Equal(2, sweep.Intervals.Count);
        Assert.Equal((-10.0, 0), (sweep.Intervals[0].From, sweep.Intervals[0].Position));
        Assert.Equal(FlipLambda, sweep.Intervals[0].To, 12);
        Assert.Equal(FlipLambda, sweep.Intervals[1].From, 12);
        Assert.Equal((50.0, 1), (sweep.Intervals[1].To, sweep.Intervals[1].Position));
        // A = −1 − λ, B = −3 + 2λ at the ends of the range.
        Assert.Equal([(-10.0, 9.0), (50.0, -51.0)], sweep.Curves[0].Select(p => (p.Lambda, Math.Round(p.Score, 6))));
        Assert.Equal([(-10.0, -23.0), (50.0, 97.0)], sweep.Curves[1].Select(p => (p.Lambda, Math.Round(p.Score, 6))));
    }

    [Fact]
    public void Sweep_under_min_is_found_numerically_at_the_hand_computed_lambda()
    {
        // A: r = −1 for every λ. B: r = (−3 + 3λ, −0.5), so min B = −3 + 3λ up to λ = 5/6 and B > A once −3 + 3λ > −1: λ > 2/3.
        var a = Candidate(0, "A", [-1f, -1f], [-1f, -1f]);
        var b = Candidate(1, "B", [-3f, -0.5f], [0f, -0.5f]);
        var sweep = LambdaSweep.Compute([a, b], new RearOptions(Aggregation: Aggregation.Min));
        Assert.False(sweep.Exact);
        Assert.Equal([0, 1], sweep.Intervals.Select(i => i.Position));
        Assert.Equal(2.0 / 3, sweep.Intervals[0].To, 9);
        Assert.Equal(LambdaSweep.CurvePoints, sweep.Curves[1].Count);
        Assert.Equal(-0.5, sweep.Curves[1][^1].Score, 6); // flat once the second token is the minimum
    }

    [Fact]
    public void Numeric_and_exact_intervals_agree_on_random_candidates()
    {
        var random = new Random(7);
        for (var round = 0; round < 20; round++)
        {
            var candidates = Enumerable.Range(0, 6).Select(i =>
            {
                var n = random.Next(1, 9);
                float[] l0 = [.. Enumerable.Range(0, n).Select(_ => (float)(-4 * random.NextDouble()))];
                float[] lp = [.. Enumerable.Range(0, n).Select(_ => (float)(-4 * random.NextDouble()))];
                return Candidate(i, $"c{i}", l0, lp, eos: random.Next(2) == 0);
            }).ToArray();
            var options = new RearOptions(Gamma: 0.95, Aggregation: round % 2 == 0 ? Aggregation.Mean : Aggregation.Last, ScoreEos: round % 3 != 0);
            var exact = WinnerIntervals.Exact(LambdaSweep.Lines(candidates, options)!, -10, 50);
            var numeric = WinnerIntervals.Numeric(l => Ranker.Best(candidates, options with { Lambda = l }), -10, 50);
            var detail = $"round {round}: exact {string.Join("; ", exact)} numeric {string.Join("; ", numeric)} lines {string.Join("; ", LambdaSweep.Lines(candidates, options)!)}";
            Assert.True(exact.Select(i => i.Position).SequenceEqual(numeric.Select(i => i.Position)), detail);
            for (var i = 0; i < exact.Count; i++) Assert.True(Math.Abs(exact[i].To - numeric[i].To) < 1e-6, detail);
            // And each interval's winner is the ranking's first place inside it.
            foreach (var interval in exact)
                Assert.Equal(interval.Position, Ranker.Best(candidates, options with { Lambda = (interval.From + interval.To) / 2 }));
        }
    }

    [Fact]
    public void A_range_that_is_empty_or_not_finite_is_refused()
    {
        Assert.Throws<ArgumentException>(() => WinnerIntervals.Exact([(0, 1)], 1, 1));
        Assert.Throws<ArgumentException>(() => WinnerIntervals.Numeric(_ => 0, 0, double.PositiveInfinity));
    }

    private static (double, double, int)[] Tuples(IEnumerable<WinnerInterval> intervals) =>
        [.. intervals.Select(i => (Math.Round(i.From, 9), Math.Round(i.To, 9), i.Position))];
}
