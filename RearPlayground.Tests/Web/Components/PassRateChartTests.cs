using Bunit;
using RearPlayground.Web.Components.Shared;

namespace RearPlayground.Tests.Web.Components;

/// <summary>The pass-rate chart's geometry: bars to the rate, error bars from lo to hi, on one scale.</summary>
public class PassRateChartTests : MudTestContext
{
    private static readonly RateWithInterval[] Rates =
    [
        new("bon-rear", 0.75, 0.5, 1.0),
        new("greedy", 0.25, 0, 0.5),
    ];

    [Fact]
    public void Bars_and_error_bars_sit_where_their_rates_put_them()
    {
        var layout = new PassRateChartLayout(Rates);
        var plot = PassRateChartLayout.PlotWidth; // 200 units for 0 → 100 %
        Assert.Equal(200d, plot);

        var (rear, greedy) = (layout.Bars[0], layout.Bars[1]);
        Assert.Equal((100d, 150d, 200d, 300d), (rear.X, rear.BarWidth, rear.LoX, rear.HiX));
        Assert.Equal((100d, 50d, 100d, 200d), (greedy.X, greedy.BarWidth, greedy.LoX, greedy.HiX));
        Assert.Equal((14d, 21d), (rear.Y, rear.CenterY));
        Assert.Equal((40d, 47d), (greedy.Y, greedy.CenterY));
        Assert.Equal("75%", rear.ValueText);
        Assert.Equal(304d, rear.ValueX); // after the whisker, which reaches further than the bar
        Assert.Equal("bon-rear: 75% (95% CI 50–100%)", rear.Tooltip);
        Assert.Equal([100d, 150d, 200d, 250d, 300d], layout.Ticks.Select(t => t.X));
        Assert.Equal(8d + 2 * 26 + 22, layout.Height);
    }

    [Fact]
    public void Out_of_range_values_are_clamped_and_a_swapped_interval_is_put_right()
    {
        var layout = new PassRateChartLayout([new("odd", 1.2, 0.9, 0.1), new("none", double.NaN, double.NaN, double.NaN)]);

        Assert.Equal((200d, PassRateChartLayout.X(0.1), PassRateChartLayout.X(0.9)), (layout.Bars[0].BarWidth, layout.Bars[0].LoX, layout.Bars[0].HiX));
        Assert.Equal((0d, 100d, 100d), (layout.Bars[1].BarWidth, layout.Bars[1].LoX, layout.Bars[1].HiX));
    }

    [Fact]
    public void The_svg_draws_one_bar_and_one_whisker_per_method()
    {
        var cut = Render<PassRateChart>(p => p.Add(c => c.Rates, Rates));

        var rects = cut.FindAll("[data-testid=eval-bar-rect]");
        Assert.Equal(["150", "50"], rects.Select(r => r.GetAttribute("width")));
        var whiskers = cut.FindAll("[data-testid=eval-bar-ci] line:first-child");
        Assert.Equal([("200", "300"), ("100", "200")], whiskers.Select(l => (l.GetAttribute("x1"), l.GetAttribute("x2"))));
        Assert.Equal(["bon-rear", "greedy"], cut.FindAll("[data-testid=eval-bar] > text:first-of-type").Select(t => t.TextContent));
    }
}
