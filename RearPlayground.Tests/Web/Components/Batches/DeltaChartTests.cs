using Bunit;
using RearPlayground.Web.Components.Pages.Batches;
using RearPlayground.Worker.Batches.Report;

namespace RearPlayground.Tests.Web.Components.Batches;

/// <summary>The batch comparison's chart: B − A per selector, a dot at the delta and a whisker over the paired interval around zero.</summary>
public sealed class DeltaChartTests : MudTestContext
{
    private static readonly SelectorDelta[] Deltas =
    [
        new("rear", 0.5, 0.75, 0.25, 0.05, 0.45, 20),
        new("greedy", 0.5, 0.25, -0.25, -0.4, -0.1, 20),
        new("majority", 0.5, 0.55, 0.05, -0.2, 0.3, 20),
        new("genrm", double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0),
    ];

    [Fact]
    public void The_axis_is_symmetric_around_zero_and_the_whiskers_are_where_the_interval_is()
    {
        var layout = new DeltaChartLayout(Deltas);
        Assert.Equal(0.5, layout.Extent, 12); // the largest |bound| 0.45 rounded up to a tenth
        Assert.Equal((DeltaChartLayout.Left + DeltaChartLayout.Width - DeltaChartLayout.Right) / 2, layout.ZeroX, 9);
        // A selector with no items (NaN) is not drawn.
        Assert.Equal(["rear", "greedy", "majority"], layout.Rows.Select(r => r.Selector));
        var rear = layout.Rows[0];
        Assert.Equal(layout.X(0.25), rear.X, 9);
        Assert.True(rear.LowX > layout.ZeroX && rear.HighX > rear.X);
        Assert.Equal(["#43a047", "#e53935", "#757575"], layout.Rows.Select(r => r.Color)); // above, below, crossing zero
        Assert.True(layout.Rows[1].HighX < layout.ZeroX);
        Assert.True(layout.Rows[2].LowX < layout.ZeroX && layout.Rows[2].HighX > layout.ZeroX);
        Assert.Equal(["-0.5", "-0.25", "0", "+0.25", "+0.5"], layout.Ticks.Select(t => t.Label));
    }

    [Fact]
    public void A_tiny_change_still_gets_a_readable_axis()
    {
        var layout = new DeltaChartLayout([new SelectorDelta("rear", 0.5, 0.5, 0, 0, 0, 3)]);
        Assert.Equal(0.1, layout.Extent, 12);
        Assert.Equal(layout.ZeroX, Assert.Single(layout.Rows).X, 9);
    }

    [Fact]
    public void Each_selector_is_a_row_whose_title_states_the_figures()
    {
        var cut = Render<DeltaChart>(p => p.Add(c => c.Deltas, Deltas));
        var rows = cut.FindAll("[data-testid=compare-chart-row]");
        Assert.Equal(["rear", "greedy", "majority"], rows.Select(r => r.GetAttribute("data-selector")));
        Assert.Equal("rear: B − A = +0.250 [0.050, 0.450] over 20 items", rows[0].QuerySelector("title")!.TextContent);
        Assert.Equal(4, rows[0].QuerySelectorAll("line").Length + rows[0].QuerySelectorAll("circle").Length);
    }
}
