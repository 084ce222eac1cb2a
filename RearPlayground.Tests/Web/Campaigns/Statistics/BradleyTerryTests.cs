using RearPlayground.Web.Campaigns.Statistics;

namespace RearPlayground.Tests.Web.Campaigns.Statistics;

/// <summary>Bradley–Terry by MM against hand-computed maximum-likelihood strengths, with the prior and ties.</summary>
public sealed class BradleyTerryTests
{
    private static IEnumerable<Comparison> Times(int n, Comparison c) => Enumerable.Repeat(c, n);

    [Fact]
    public void Three_candidates_match_the_hand_computed_mle()
    {
        // A beats B 4–2, A beats C 4–1, B beats C 2–1. With p = (4, 2, 1) every pair's share is p_i/(p_i+p_j)
        // (4/6, 4/5, 2/3), so the likelihood equations W_i = Σ_j n_ij p_i/(p_i+p_j) hold: 8 = 6·4/6 + 5·4/5,
        // 4 = 6·2/6 + 3·2/3, 2 = 5·1/5 + 3·1/3. The MLE is (4, 2, 1) up to scale; geometric mean 1 makes it (2, 1, ½).
        Comparison[] comparisons =
        [
            .. Times(4, Comparison.Win(0, 1)), .. Times(2, Comparison.Win(1, 0)),
            .. Times(4, Comparison.Win(0, 2)), .. Times(1, Comparison.Win(2, 0)),
            .. Times(2, Comparison.Win(1, 2)), .. Times(1, Comparison.Win(2, 1)),
        ];

        var fit = BradleyTerry.Fit(3, comparisons, priorTies: 0);

        Assert.True(fit.Converged);
        Assert.Equal(2, fit.Strengths[0], 8);
        Assert.Equal(1, fit.Strengths[1], 8);
        Assert.Equal(0.5, fit.Strengths[2], 8);
        Assert.Equal([0, 1, 2], fit.Order);
        Assert.Equal([1, 2, 3], fit.Ranks);
    }

    [Fact]
    public void Ties_count_half_a_win_each()
    {
        // A beats B once and they tie twice: 2 wins to 1, so the MLE ratio p_A/p_B is 2 (geometric mean 1: √2, 1/√2).
        var fit = BradleyTerry.Fit(2, [Comparison.Win(0, 1), Comparison.Draw(0, 1), Comparison.Draw(1, 0)], priorTies: 0);
        Assert.Equal(2, fit.Strengths[0] / fit.Strengths[1], 8);
        Assert.Equal(Math.Sqrt(2), fit.Strengths[0], 8);
    }

    [Fact]
    public void The_prior_keeps_an_undefeated_candidate_finite_and_first()
    {
        // C beats everyone, so the MLE would send it to infinity. With one virtual tie each against the reference
        // (strength 1) the estimate is the fixed point of W_i + ½ = Σ_j n_ij p_i/(p_i+p_j) + p_i/(p_i+1); check it holds.
        Comparison[] comparisons = [Comparison.Win(2, 0), Comparison.Win(2, 1), Comparison.Win(2, 0), Comparison.Win(0, 1)];

        var fit = BradleyTerry.Fit(3, comparisons);

        Assert.True(fit.Converged);
        Assert.All(fit.Strengths, s => Assert.True(double.IsFinite(s) && s > 0));
        Assert.Equal([2, 0, 1], fit.Order);
        double[] wins = [1, 0, 3];
        for (var i = 0; i < 3; i++)
        {
            var expected = fit.Strengths[i] / (fit.Strengths[i] + 1) * BradleyTerry.DefaultPriorTies;
            foreach (var c in comparisons.Where(c => c.Winner == i || c.Loser == i))
            {
                var other = c.Winner == i ? c.Loser : c.Winner;
                expected += fit.Strengths[i] / (fit.Strengths[i] + fit.Strengths[other]);
            }
            Assert.Equal(wins[i] + BradleyTerry.DefaultPriorTies / 2, expected, 8);
        }
    }

    [Fact]
    public void Random_judgments_converge_to_the_likelihood_equations()
    {
        var random = new Random(5);
        double[] truth = [3, 1, 0.5, 2, 1.5, 0.25];
        var comparisons = new List<Comparison>();
        foreach (var (a, b) in PairDesign.Build(truth.Length, 12, seed: 5))
            for (var k = 0; k < 5; k++)
                comparisons.Add(random.NextDouble() < truth[a] / (truth[a] + truth[b]) ? Comparison.Win(a, b) : Comparison.Win(b, a));

        var fit = BradleyTerry.Fit(truth.Length, comparisons, priorTies: 0.5);

        Assert.True(fit.Converged, $"not converged after {fit.Iterations} iterations");
        for (var i = 0; i < truth.Length; i++)
        {
            var won = comparisons.Count(c => c.Winner == i) + 0.25;
            var expected = 0.5 * fit.Strengths[i] / (fit.Strengths[i] + 1) + comparisons.Where(c => c.Winner == i || c.Loser == i)
                .Sum(c => fit.Strengths[i] / (fit.Strengths[i] + fit.Strengths[c.Winner == i ? c.Loser : c.Winner]));
            Assert.Equal(won, expected, 6);
        }
    }

    [Fact]
    public void Equal_records_share_a_rank()
    {
        // A and B each beat C and tie each other: same strength, rank 1 both, C third.
        var fit = BradleyTerry.Fit(3, [Comparison.Win(0, 2), Comparison.Win(1, 2), Comparison.Draw(0, 1)]);
        Assert.Equal([1, 1, 3], fit.Ranks);
    }

    [Fact]
    public void No_judgments_leave_everyone_at_the_reference()
    {
        var fit = BradleyTerry.Fit(3, []);
        Assert.Equal([1.0, 1.0, 1.0], fit.Strengths);
        Assert.Equal([1, 1, 1], fit.Ranks);
    }

    [Fact]
    public void A_comparison_outside_the_candidates_is_rejected() =>
        Assert.Throws<ArgumentException>(() => BradleyTerry.Fit(2, [Comparison.Win(0, 2)]));
}
