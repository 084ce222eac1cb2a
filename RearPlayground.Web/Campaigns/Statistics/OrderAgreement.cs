namespace RearPlayground.Web.Campaigns.Statistics;

/// <summary>
/// The minimum-agreement filter's figure for rank and pairs answers: the share of pairwise judgments that agree with
/// the team's order. A judgment scores 1 when it says what the ranks say (winner ranked above, or a tie between equal
/// ranks), 0 when it says the opposite, and ½ when one of the two says tie and the other does not.
/// </summary>
public static class OrderAgreement
{
    public static double Of(IReadOnlyList<Comparison> comparisons, IReadOnlyList<int> ranks)
    {
        if (comparisons.Count == 0) return 0;
        var score = 0.0;
        foreach (var c in comparisons)
        {
            var (winner, loser) = (ranks[c.Winner], ranks[c.Loser]);
            score += (c.Tie, winner == loser) switch
            {
                (true, true) => 1,
                (true, false) or (false, true) => 0.5,
                _ => winner < loser ? 1 : 0,
            };
        }
        return score / comparisons.Count;
    }
}
