using RearPlayground.Worker.Eval;

namespace RearPlayground.Tests.Eval;

public class BootstrapTests
{
    private static bool[] Passes(int passed, int total) => Enumerable.Range(0, total).Select(i => i < passed).ToArray();

    [Fact]
    public void All_pass_gives_one_one_and_none_gives_zero_zero()
    {
        Assert.Equal((1.0, 1.0), Bootstrap.PassRateInterval(Passes(20, 20), 2000, 0));
        Assert.Equal((0.0, 0.0), Bootstrap.PassRateInterval(Passes(0, 20), 2000, 0));
    }

    [Theory]
    [InlineData(5, 10)]
    [InlineData(30, 100)]
    [InlineData(90, 100)]
    [InlineData(1, 3)]
    public void Interval_contains_the_rate_and_matches_the_normal_approximation(int passed, int total)
    {
        var rate = passed / (double)total;
        var (lo, hi) = Bootstrap.PassRateInterval(Passes(passed, total), 4000, 11);
        Assert.True(lo <= rate && rate <= hi, $"[{lo}, {hi}] vs {rate}");
        Assert.InRange(lo, 0, 1);
        Assert.InRange(hi, 0, 1);
        if (total >= 100)
        {
            // For large n the percentile bootstrap is close to rate ± 1.96·sqrt(p(1−p)/n).
            var half = 1.96 * Math.Sqrt(rate * (1 - rate) / total);
            Assert.InRange(lo, rate - half - 0.03, rate - half + 0.03);
            Assert.InRange(hi, rate + half - 0.03, rate + half + 0.03);
        }
    }

    [Fact]
    public void Same_seed_same_interval_other_seed_may_differ()
    {
        var passes = Passes(13, 31);
        Assert.Equal(Bootstrap.PassRateInterval(passes, 2000, 5), Bootstrap.PassRateInterval(passes, 2000, 5));
        var intervals = Enumerable.Range(0, 5).Select(s => Bootstrap.PassRateInterval(passes, 200, s)).Distinct().Count();
        Assert.True(intervals > 1, "different seeds should resample differently");
    }

    [Fact]
    public void Bad_inputs_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Bootstrap.PassRateInterval([], 100, 0));
        Assert.Throws<ArgumentException>(() => Bootstrap.PassRateInterval([true], 0, 0));
    }
}
