namespace RearPlayground.Web.Campaigns.Statistics;

/// <summary>
/// One pairwise judgment between two of a unit's candidates: <see cref="Winner"/> beat <see cref="Loser"/>, or, with
/// <see cref="Tie"/>, neither did (then the two are just the pair, in any order). Bradley–Terry counts a tie as half a
/// win for each side, which keeps the information that the two are close instead of dropping the judgment.
/// </summary>
public readonly record struct Comparison(int Winner, int Loser, bool Tie = false)
{
    public static Comparison Win(int winner, int loser) => new(winner, loser);

    public static Comparison Draw(int a, int b) => new(a, b, Tie: true);
}
