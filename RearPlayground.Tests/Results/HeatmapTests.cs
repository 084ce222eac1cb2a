using RearPlayground.Data.Entities;
using RearPlayground.Web.Components.Pages.Runs.Results;
using RearPlayground.Web.Components.Shared.Heatmap;
using static RearPlayground.Tests.Results.ResultsSamples;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Tests.Results;

/// <summary>Heatmap values and colours for a known candidate, and visible whitespace.</summary>
public sealed class HeatmapTests
{
    // ℓ0 = (−1, −2, −0.5), ℓp = (−0.5, −3, −0.5). At λ = 2: r_t = −ℓ0 + 2ℓp = (0, −4, −0.5); ℓp − ℓ0 = (0.5, −1, 0).
    private static readonly ResultCandidate Known = Candidate(0, "known", [-1f, -2f, -0.5f], [-0.5f, -3f, -0.5f]);

    [Fact]
    public void Tokens_of_a_known_candidate_carry_l0_lp_and_r_t_at_the_chosen_lambda()
    {
        var view = View(Known, Candidate(1, "other", [-1f], [-1f]));
        view.SetLambda(2);
        var tokens = view.Tokens(view.Candidates[0]);
        Assert.Equal([0, 1, 2], tokens.Select(t => t.Position));
        Assert.Equal(["[100]", "[101]", "[102]"], tokens.Select(t => t.Text)); // no tokenizer: ids
        Assert.Equal([-1.0, -2.0, -0.5], tokens.Select(t => t.L0));
        Assert.Equal([-0.5, -3.0, -0.5], tokens.Select(t => t.Lp));
        Assert.Equal([0.0, -4.0, -0.5], tokens.Select(t => t.Reward));
        Assert.Equal([0.5, -1.0, 0.0], tokens.Select(t => t.Difference));
        Assert.Equal(4, view.Extent()); // the largest |r_t| over every candidate
        view.Mode = HeatMode.Difference;
        Assert.Equal(1, view.Extent());
    }

    [Fact]
    public void Colours_diverge_around_zero_and_scale_with_the_extent()
    {
        Assert.Equal("transparent", HeatmapScale.Background(0, 4));
        Assert.Equal("rgba(178, 24, 43, 0.85)", HeatmapScale.Background(-4, 4));
        Assert.Equal("rgba(178, 24, 43, 0.106)", HeatmapScale.Background(-0.5, 4)); // 0.85 · 0.5 / 4 = 0.10625
        Assert.Equal("rgba(33, 102, 172, 0.425)", HeatmapScale.Background(0.5, 1));
        Assert.Equal("rgba(178, 24, 43, 0.85)", HeatmapScale.Background(double.NegativeInfinity, 1));
        Assert.Equal("rgba(33, 102, 172, 0.85)", HeatmapScale.Background(9, 1)); // beyond the extent: capped
        Assert.Equal("transparent", HeatmapScale.Background(double.NaN, 1));
        Assert.Equal("#fff", HeatmapScale.Foreground(-4, 4));
        Assert.Null(HeatmapScale.Foreground(-0.5, 4));
    }

    [Fact]
    public void Extent_is_the_95th_percentile_of_finite_magnitudes_and_never_zero()
    {
        Assert.Equal(3, HeatmapScale.Extent([1, -3, double.NegativeInfinity, double.NaN]));
        Assert.Equal(1, HeatmapScale.Extent([0, 0]));
        Assert.Equal(1, HeatmapScale.Extent([]));
        // One outlier among many does not set the scale: the 95th percentile does.
        Assert.Equal(1, HeatmapScale.Extent([.. Enumerable.Repeat(-1.0, 99), -50]));
        Assert.Equal(50, HeatmapScale.Extent([.. Enumerable.Repeat(-1.0, 9), -50]));
    }

    [Fact]
    public void Whitespace_stays_visible()
    {
        Assert.Equal("↵\n", HeatmapScale.Visible("\n"));
        Assert.Equal(" a↵\n↵\n", HeatmapScale.Visible(" a\n\n"));
        Assert.Equal("⇥x␍", HeatmapScale.Visible("\tx\r"));
        Assert.Equal("  ", HeatmapScale.Visible("  "));
        Assert.Equal("∅", HeatmapScale.Visible(""));
    }

    private static ResultsView View(params ResultCandidate[] candidates)
    {
        var run = new RunEntity
        {
            Id = Guid.NewGuid(), Owner = "t", Model = "m", Method = "bon", Question = "q", RequestJson = "{}", Status = RunStatus.Succeeded,
        };
        return new ResultsView(run, new RunRequest(), [.. candidates.Select(c => Entity(c))], tokenizer: null);
    }
}
