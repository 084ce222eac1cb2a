using Bunit;
using RearPlayground.Web.Calibration;
using RearPlayground.Web.Components.Pages.Calibrate;
using RearPlayground.Web.Components.Shared.Sweep;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Tests.Web.Components.Calibrate;

/// <summary>The calibrate page's pieces: the step lines and fitted band it charts, the request it sends, the profile it saves.</summary>
public sealed class CalibrateChartTests : MudTestContext
{
    private static FitResult Fit() => new(
        new FitBest(2.5, 1, 4, Aggregation.Sum, 0.95, 0.75, 0.7, 0.6, 0.8, 12, 3),
        [new FitCurve(Aggregation.Mean, 1, [(-10, 0.5), (3, 0.6), (100, 0.6)]), new FitCurve(Aggregation.Sum, 0.95, [(-10, 0.25), (1, 0.75), (4, 0.5), (100, 0.5)])],
        0.5, Aggregation.Mean, 1);

    [Fact]
    public void Curves_become_staircases_the_best_aggregation_is_emphasised_and_the_fit_is_a_band()
    {
        Assert.Equal([(-10.0, 0.5), (3.0, 0.5), (3.0, 0.6), (100.0, 0.6), (100.0, 0.6)], CalibrateChart.Steps([(-10, 0.5), (3, 0.6), (100, 0.6)]));
        var lines = CalibrateChart.Lines(Fit());
        Assert.Equal(["mean (γ 1)", "sum (γ 0.95)"], lines.Select(l => l.Label));
        Assert.Equal([false, true], lines.Select(l => l.Emphasis));
        var band = Assert.Single(CalibrateChart.Bands(Fit()));
        Assert.Equal((1.0, 4.0), (band.From, band.To));

        var chart = Render<LambdaSweepChart>(p => p.Add(c => c.Lines, lines).Add(c => c.Bands, CalibrateChart.Bands(Fit()))
            .Add(c => c.From, LambdaRange.Low).Add(c => c.To, LambdaRange.High).Add(c => c.Marker, LambdaRange.Default));
        Assert.Equal(2, chart.FindAll("[data-testid=sweep-line]").Count);
        Assert.Contains("λ = 20", chart.Find("[data-testid=sweep-marker]").TextContent);
        Assert.Contains("fitted λ ranks first for λ in 1", chart.Find("[data-testid=sweep-band] title").TextContent);
    }

    [Fact]
    public void The_state_sends_one_source_and_saves_the_fit_with_where_it_came_from()
    {
        var state = new CalibrateState { CampaignId = 7, Aggregations = ["mean", "sum"] };
        Assert.True(state.Ready);
        var request = state.ToRequest();
        Assert.Equal((7L, (IReadOnlyList<Guid>?)null), (request.CampaignId, request.RunIds));
        state.Source = CalibrateState.Runs;
        Assert.False(state.Ready); // no run picked yet
        var run = Guid.NewGuid();
        state.RunIds = [run];
        Assert.Equal((null, run), (state.ToRequest().CampaignId, state.ToRequest().RunIds!.Single()));

        var profile = state.ProfileOf(Fit(), " mine ");
        Assert.Equal(("mine", 2.5, 0.95, "sum"), (profile.Name, profile.Lambda!.Value, profile.Gamma!.Value, profile.Aggregation));
        Assert.Equal(0.75, profile.Source!["agreement"]!.GetValue<double>());
        Assert.Equal(run.ToString(), profile.Source!["runIds"]![0]!.GetValue<string>());
    }
}
