using RearPlayground.Web.Components.Shared.Sweep;

namespace RearPlayground.Tests.Results;

/// <summary>The SVG charts' axis arithmetic: padded ranges, round ticks, data to pixels.</summary>
public sealed class ChartAxisTests
{
    [Fact]
    public void Ticks_are_round_steps_inside_the_range()
    {
        Assert.Equal([-10.0, 0, 10, 20, 30, 40, 50], ChartAxis.Ticks(-10, 50, 6));
        Assert.Equal([-4.0, -2, 0, 2], ChartAxis.Ticks(-5.3, 2.7, 5));
        Assert.Equal([0.2, 0.3, 0.4], ChartAxis.Ticks(0.11, 0.49, 3));
        Assert.Equal([3.0], ChartAxis.Ticks(3, 3));
    }

    [Fact]
    public void Range_pads_finite_values_and_widens_a_single_one()
    {
        Assert.Equal((-0.5, 10.5), ChartAxis.Range([0, 10, double.NegativeInfinity, double.NaN]));
        Assert.Equal((1.0, 3.0), ChartAxis.Range([2, 2]));
        Assert.Equal((0.0, 1.0), ChartAxis.Range([double.NegativeInfinity]));
    }

    [Fact]
    public void Map_is_linear_and_can_flip_the_axis()
    {
        Assert.Equal(56, ChartAxis.Map(-10, -10, 50, 56, 626));
        Assert.Equal(626, ChartAxis.Map(50, -10, 50, 56, 626));
        Assert.Equal(230, ChartAxis.Map(0, 0, 10, 230, 10)); // y grows downwards in SVG
        Assert.Equal(120, ChartAxis.Map(5, 0, 10, 230, 10));
    }
}
