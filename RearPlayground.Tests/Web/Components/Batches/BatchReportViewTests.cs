using System.Globalization;
using Bunit;
using RearPlayground.Web.Components.Pages.Batches;
using RearPlayground.Web.Components.Shared;
using RearPlayground.Worker.Batches.Report;

namespace RearPlayground.Tests.Web.Components.Batches;

/// <summary>The batch page's report: one report-row per selector with its accuracy and interval, and the accuracy-against-N chart.</summary>
public sealed class BatchReportViewTests : MudTestContext
{
    private static readonly SelectorAccuracy[] Selectors =
    [
        new("rear", 2 / 3.0, 1 / 3.0, 1, 3),
        new("greedy", 0.25, 0, 0.5, 4),
        new("majority", 1, 1, 1, 2),
    ];

    [Fact]
    public void Each_selector_is_a_row_with_its_accuracy_and_interval_in_any_culture()
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE"); // a decimal comma must not leak into the table
        try
        {
            var cut = Render<BatchReportTable>(p => p.Add(t => t.Selectors, Selectors));
            var rows = cut.FindAll("[data-testid=report-row]");
            Assert.Equal(3, rows.Count);
            Assert.Equal(["rear", "greedy", "majority"], rows.Select(r => r.QuerySelector("[data-testid=report-selector]")!.TextContent));
            Assert.Equal(["0.667 [0.333, 1.000]", "0.250 [0.000, 0.500]", "1.000 [1.000, 1.000]"],
                rows.Select(r => r.QuerySelector("[data-testid=report-accuracy]")!.TextContent));
            Assert.Equal(["3", "4", "2"], rows.Select(r => r.QuerySelector("[data-testid=report-items]")!.TextContent));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void The_curve_chart_draws_one_line_per_selector_on_a_log2_axis_and_skips_missing_points()
    {
        SelectorCurve[] curves =
        [
            new("rear", [new(1, 0.25), new(2, 0.5), new(4, 0.75)]),
            new("majority", [new(1, double.NaN), new(2, 0.5), new(4, 1)]),
        ];
        var cut = Render<CurveChart>(p => p.Add(c => c.Curves, curves));
        var chart = cut.Find("[data-testid=curve-chart]");
        var lines = chart.QuerySelectorAll("[data-testid=curve-line]");
        Assert.Equal(["rear", "majority"], lines.Select(l => l.GetAttribute("data-selector")));

        // x: log2 N from Left to Width − Right; y: accuracy 1 at Top, 0 at the axis.
        var plotWidth = CurveChartLayout.Width - CurveChartLayout.Left - CurveChartLayout.Right;
        double Y(double a) => CurveChartLayout.Top + (1 - a) * (CurveChartLayout.AxisY - CurveChartLayout.Top);
        string P(double x, double y) => string.Create(CultureInfo.InvariantCulture, $"{x:0.##},{y:0.##}");
        Assert.Equal($"{P(44, Y(0.25))} {P(44 + plotWidth / 2, Y(0.5))} {P(44 + plotWidth, Y(0.75))}",
            lines[0].QuerySelector("polyline")!.GetAttribute("points"));
        // NaN (no item where the selector applies at that N) is left out rather than drawn as "NaN".
        var majority = lines[1].QuerySelector("polyline")!.GetAttribute("points")!;
        Assert.DoesNotContain("NaN", majority);
        Assert.Equal(2, majority.Split(' ').Length);
        Assert.Equal(["rear, N = 1: 0.250", "rear, N = 2: 0.500", "rear, N = 4: 0.750"], lines[0].QuerySelectorAll("title").Select(t => t.TextContent));
        Assert.Equal(["1", "2", "4"], new CurveChartLayout(curves).XTicks.Select(t => t.Label));
    }
}
