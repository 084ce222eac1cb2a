using RearPlayground.Web.Calibration;
using RearPlayground.Web.Components.Shared;
using RearPlayground.Web.Components.Shared.Sweep;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Web.Components.Pages.Calibrate;

/// <summary>A fit as the λ-sweep chart draws it: one step line of agreement per aggregation, the fitted stretch as a band.</summary>
public static class CalibrateChart
{
    /// <summary>Each curve as a staircase: the agreement holds from a point's λ to the next one's, then jumps.</summary>
    public static IReadOnlyList<SweepLine> Lines(FitResult fit) => [.. fit.Curves.Select((c, i) => new SweepLine(
        $"{c.Aggregation.Name()} (γ {c.Gamma:0.##})", CandidateColors.For(i), Steps(c.Points), Emphasis: c.Aggregation == fit.Best.Aggregation))];

    public static IReadOnlyList<(double X, double Y)> Steps(IReadOnlyList<(double Lambda, double Agreement)> points)
    {
        var steps = new List<(double, double)>(points.Count * 2);
        for (var k = 0; k < points.Count; k++)
        {
            if (k > 0) steps.Add((points[k].Lambda, points[k - 1].Agreement));
            steps.Add((points[k].Lambda, points[k].Agreement));
        }
        return steps;
    }

    public static IReadOnlyList<SweepBand> Bands(FitResult fit) =>
        [new SweepBand(fit.Best.LambdaLow, fit.Best.LambdaHigh, "fitted λ", "#59a14f", "#111")];
}
