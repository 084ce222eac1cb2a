using RearPlayground.Web.Campaigns.Statistics;
using static RearPlayground.Tests.Web.Campaigns.Statistics.KrippendorffAlphaTests;

namespace RearPlayground.Tests.Web.Campaigns.Statistics;

/// <summary>The percentile bootstrap interval of α over units.</summary>
public sealed class AlphaBootstrapTests
{
    [Fact]
    public void Interval_holds_the_estimate_and_repeats_for_a_seed()
    {
        var units = Units(PaperObservers);
        var estimate = AlphaBootstrap.Estimate(units, AlphaLevel.Nominal, resamples: 500, seed: 7);

        Assert.Equal(0.743, estimate.Alpha, 3);
        Assert.InRange(estimate.Low, -1, estimate.Alpha);
        Assert.InRange(estimate.High, estimate.Alpha, 1);
        Assert.True(estimate.High - estimate.Low > 0.05, "eleven units cannot pin α down tightly");
        Assert.Equal(estimate, AlphaBootstrap.Estimate(units, AlphaLevel.Nominal, resamples: 500, seed: 7));
        Assert.NotEqual(estimate, AlphaBootstrap.Estimate(units, AlphaLevel.Nominal, resamples: 500, seed: 8));
    }

    [Fact]
    public void More_units_of_the_same_kind_narrow_the_interval()
    {
        var few = AlphaBootstrap.Estimate(Units(PaperObservers), AlphaLevel.Ordinal, resamples: 400, seed: 1);
        var many = AlphaBootstrap.Estimate(Enumerable.Repeat(Units(PaperObservers), 25).SelectMany(u => u), AlphaLevel.Ordinal, resamples: 400, seed: 1);

        // Only the small-sample correction (n − 1 in α) moves with the copies, not the agreement itself.
        Assert.InRange(many.Alpha - few.Alpha, -0.01, 0.01);
        Assert.True(many.High - many.Low < (few.High - few.Low) / 2);
    }

    [Fact]
    public void Perfect_agreement_gives_a_point_interval_and_no_data_an_undefined_one()
    {
        int?[][] observers = [[1, 2, 3, 1, 2], [1, 2, 3, 1, 2]];
        var perfect = AlphaBootstrap.Estimate(Units(observers), AlphaLevel.Nominal, resamples: 200, seed: 3);
        Assert.Equal((1.0, 1.0, 1.0), (perfect.Alpha, perfect.Low, perfect.High));

        var none = AlphaBootstrap.Estimate([], AlphaLevel.Nominal, resamples: 200, seed: 3);
        Assert.True(double.IsNaN(none.Alpha) && double.IsNaN(none.Low) && double.IsNaN(none.High));
    }

    [Fact]
    public void Percentile_interpolates_between_order_statistics()
    {
        double[] sorted = [0, 10, 20, 30, 40];
        Assert.Equal(0, AlphaBootstrap.Percentile(sorted, 0));
        Assert.Equal(1, AlphaBootstrap.Percentile(sorted, 0.025), 9);
        Assert.Equal(39, AlphaBootstrap.Percentile(sorted, 0.975), 9);
        Assert.Equal(40, AlphaBootstrap.Percentile(sorted, 1));
    }
}
