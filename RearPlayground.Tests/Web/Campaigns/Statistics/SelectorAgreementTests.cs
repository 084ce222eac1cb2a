using RearPlayground.Web.Campaigns.Statistics;

namespace RearPlayground.Tests.Web.Campaigns.Statistics;

/// <summary>A selector's agreement with the team: top-1, pairwise and Kendall's τ-b by hand.</summary>
public sealed class SelectorAgreementTests
{
    private static Dictionary<int, int> Ranks(params int[] byCandidate) => byCandidate.Select((r, i) => (r, i)).ToDictionary(x => x.i, x => x.r);

    [Fact]
    public void A_selector_that_orders_as_the_team_agrees_fully()
    {
        var run = new AgreementRun(Ranks(1, 2, 3, 4), Ranks(1, 2, 3, 4));
        var figures = SelectorAgreement.Of([run, run], resamples: 50);
        Assert.Equal(1, figures.Top1);
        Assert.Equal(1, figures.Pairwise);
        Assert.Equal(1, figures.Tau, 12);
        Assert.Equal(2, figures.Runs);
    }

    [Fact]
    public void Figures_match_a_hand_count_with_a_best_task_tie()
    {
        // Run 1 (rank): team 0 > 1 > 2, selector 1 > 0 > 2: pick 1 is not the team's best; pairs (0,1) discordant, (0,2), (1,2)
        // concordant → 2 of 3; τ = (2 − 1) / 3.
        // Run 2 (best): team's best is 2, the rest tied at rank 2; selector 2 > 0 > 1: pick agrees; the pairs the team ranks
        // apart are (2,0), (2,1), both concordant; τ-b = 2 / √(2 · 3).
        var rank = new AgreementRun(Ranks(1, 2, 3), Ranks(2, 1, 3));
        var best = new AgreementRun(Ranks(2, 2, 1), Ranks(2, 3, 1));
        var figures = SelectorAgreement.Of([rank, best], resamples: 50);
        Assert.Equal(0.5, figures.Top1, 12);
        Assert.Equal(4 / 5.0, figures.Pairwise, 12);
        Assert.Equal((1 / 3.0 + 2 / Math.Sqrt(6)) / 2, figures.Tau, 12);
        Assert.InRange(figures.Top1, figures.Top1Low, figures.Top1High);
    }
}
