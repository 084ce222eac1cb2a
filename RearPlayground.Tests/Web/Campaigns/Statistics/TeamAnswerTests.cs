using RearPlayground.Web.Campaigns.Statistics;

namespace RearPlayground.Tests.Web.Campaigns.Statistics;

/// <summary>The team's answers: rankings as pairwise outcomes, majority with ties, and the minimum-agreement figure.</summary>
public sealed class TeamAnswerTests
{
    [Fact]
    public void A_ranking_of_k_becomes_k_choose_2_wins_of_each_over_those_after_it()
    {
        var comparisons = RankingComparisons.From([2, 0, 3, 1]);

        Assert.Equal(6, comparisons.Count);
        Assert.Equal([(2, 0), (2, 3), (2, 1), (0, 3), (0, 1), (3, 1)], comparisons.Select(c => (c.Winner, c.Loser)));
        Assert.DoesNotContain(comparisons, c => c.Tie);
        Assert.Throws<ArgumentException>(() => RankingComparisons.From([1, 1, 0]));
    }

    [Fact]
    public void Rankings_through_bradley_terry_give_the_consensus_order()
    {
        // Two of three annotators rank 1 > 0 > 2, one ranks 0 > 1 > 2.
        var comparisons = new[] { new[] { 1, 0, 2 }, [1, 0, 2], [0, 1, 2] }.SelectMany(RankingComparisons.From).ToList();

        var fit = BradleyTerry.Fit(3, comparisons);

        Assert.Equal([1, 0, 2], fit.Order);
        // 9 judgments, 8 agree with 1 > 0 > 2 (only "0 beats 1" once disagrees).
        Assert.Equal(8 / 9.0, OrderAgreement.Of(comparisons, fit.Ranks), 12);
    }

    [Fact]
    public void Majority_names_the_winner_and_the_share_agreeing()
    {
        var answer = Majority.Of(["B", "A", "B", "C", "B"]);

        Assert.Equal(["B"], answer.Winners);
        Assert.False(answer.Tied);
        Assert.Equal((3, 5), (answer.Votes, answer.Total));
        Assert.Equal(0.6, answer.Agreement, 12);
        Assert.True(answer.Meets(0.6));
        Assert.False(answer.Meets(2 / 3.0));
    }

    [Fact]
    public void A_tied_majority_is_reported_and_never_meets_the_filter()
    {
        var answer = Majority.Of(["C", "A", "A", "C"]);

        Assert.True(answer.Tied);
        Assert.Equal(["C", "A"], answer.Winners);
        Assert.Equal(0.5, answer.Agreement, 12);
        Assert.False(answer.Meets(0));
    }

    [Fact]
    public void No_picks_give_no_answer()
    {
        var answer = Majority.Of(Array.Empty<int>());
        Assert.Empty(answer.Winners);
        Assert.False(answer.Meets(0));
    }

    [Fact]
    public void Order_agreement_scores_ties_by_halves()
    {
        int[] ranks = [1, 1, 3]; // 0 and 1 tied first, 2 last
        Assert.Equal(1, OrderAgreement.Of([Comparison.Draw(0, 1)], ranks));
        Assert.Equal(0.5, OrderAgreement.Of([Comparison.Win(0, 1)], ranks));
        Assert.Equal(0.5, OrderAgreement.Of([Comparison.Draw(0, 2)], ranks));
        Assert.Equal(1, OrderAgreement.Of([Comparison.Win(1, 2)], ranks));
        Assert.Equal(0, OrderAgreement.Of([Comparison.Win(2, 0)], ranks));
    }
}
