using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search;

namespace RearPlayground.Tests.Rear;

/// <summary>The one ranker against hand-computed S_REAR values and orders, and the reference file's scores.</summary>
public class RankerTests
{
    private sealed record Tokens(int Index, float[] LogProbsWithout, float[] LogProbsWith, bool EndedWithEos = false) : IRankable;

    // r_t = (1 − λ)·ℓ0 + λ·ℓp at λ = 2: r = −ℓ0 + 2ℓp = [1 − 1, 3 − 2] = [0, 1].
    private static readonly Tokens Two = new(0, [-1, -3], [-0.5f, -1]);

    [Theory]
    [InlineData(Aggregation.Mean, 0.5)]
    [InlineData(Aggregation.Sum, 1)]
    [InlineData(Aggregation.Min, 0)]
    [InlineData(Aggregation.Last, 1)]
    public void Each_aggregation_matches_the_hand_computed_score(Aggregation aggregation, double expected) =>
        Assert.Equal(expected, Ranker.Score(Two, new RearOptions(Lambda: 2, Aggregation: aggregation)), 12);

    [Fact]
    public void Gamma_discounts_later_tokens()
    {
        // γ = 0.5: [0, 0.5 · 1] → sum 0.5, mean 0.25, last 0.5.
        Assert.Equal(0.5, Ranker.Score(Two, new RearOptions(2, 0.5, Aggregation.Sum)), 12);
        Assert.Equal(0.25, Ranker.Score(Two, new RearOptions(2, 0.5, Aggregation.Mean)), 12);
        Assert.Equal(0.5, Ranker.Score(Two, new RearOptions(2, 0.5, Aggregation.Last)), 12);
    }

    [Fact]
    public void The_EOS_rule_drops_a_final_EOS_only_when_EOS_is_not_scored()
    {
        var eos = Two with { EndedWithEos = true };
        Assert.Equal(0.5, Ranker.Score(eos, new RearOptions(Lambda: 2, ScoreEos: true)), 12);
        Assert.Equal(0, Ranker.Score(eos, new RearOptions(Lambda: 2, ScoreEos: false)), 12);
        // Not ended by EOS: the last token is a real one and stays.
        Assert.Equal(0.5, Ranker.Score(Two, new RearOptions(Lambda: 2, ScoreEos: false)), 12);
        // Only the EOS: nothing left to score, so it ranks last.
        Assert.Equal(double.NegativeInfinity, Ranker.Score(new Tokens(0, [-1], [-1], true), new RearOptions(ScoreEos: false)));
    }

    [Fact]
    public void An_impossible_token_ranks_last_at_lambda_above_zero_and_is_left_out_at_zero()
    {
        Tokens a = new(0, [-1, -2], [float.NegativeInfinity, -1]), b = new(1, [-1, -2], [-0.5f, -1]), c = new(2, [-3], [-2]);
        // λ = 20: b = mean(19 − 10, 38 − 20) = 13.5, c = 57 − 40 = 17, a = −∞.
        var at20 = Ranker.Scores([a, b, c], new RearOptions(Lambda: 20));
        Assert.Equal([double.NegativeInfinity, 13.5, 17], at20);
        Assert.Equal([2, 1, 0], Ranker.Order(at20, [0, 1, 2]));
        // λ = 0: ℓp has weight 0, so a = b = −1.5 (a tie: the lower index first) and c = −3.
        var at0 = Ranker.Scores([a, b, c], new RearOptions(Lambda: 0));
        Assert.Equal([-1.5, -1.5, -3], at0);
        Assert.Equal([0, 1, 2], Ranker.Order(at0, [0, 1, 2]));
    }

    [Fact]
    public void Ties_go_to_the_lower_index_and_NaN_counts_as_minus_infinity()
    {
        // Positions 0..3 hold indices 7, 3, 5, 1.
        double[] scores = [2, 2, double.NaN, double.NegativeInfinity];
        int[] indices = [7, 3, 5, 1];
        Assert.Equal([1, 0, 3, 2], Ranker.Order(scores, indices));
        Assert.Equal([2, 1, 4, 3], Ranker.Places(scores, indices));
        Assert.Equal(1, Ranker.Best(scores, indices));
        // Without indices the position breaks ties, as the search's pick does.
        Assert.Equal(0, Ranker.Best(scores));
        Assert.Equal(3, Ranker.Best([double.NaN, double.NegativeInfinity, double.NaN, 0.5]));
        Assert.Equal(0, Ranker.Best([double.NaN, double.NegativeInfinity]));
        Assert.Equal(0, Ranker.Best(Array.Empty<double>()));
        Assert.Empty(Ranker.Order([]));
    }

    [Fact]
    public void The_random_pick_is_the_first_of_the_random_order()
    {
        for (var count = 1; count <= 9; count++)
            for (var seed = 0L; seed < 20; seed++)
                Assert.Equal(Ranker.RandomOrder(count, seed)[0], Ranker.RandomPick(count, seed));
        Assert.Equal(0, Ranker.RandomPick(0, 5));
    }

    [Fact]
    public void The_search_picks_what_the_ranker_ranks_first()
    {
        Candidate Make(int i, float[] without, float[] with, double score) =>
            new(i, [.. without.Select((_, t) => t)], "", without, with, score, FinishReason.Length, i);
        // Stored scores (the run's scorer) tie between 1 and 2; λ = 0 prefers 0 (ℓ0 −1), λ = 1 prefers 2 (ℓp −0.1).
        Candidate[] candidates = [Make(0, [-1], [-3], 1), Make(1, [-2], [-2], 4), Make(2, [-3], [-0.1f], 4)];
        var pick = SearchOutcome.Pick(candidates, new RearOptions(), seed: 3);
        Assert.Equal((1, 0, 2, Ranker.RandomPick(3, 3)), pick);
    }

    [Fact]
    public void Ranker_scores_reproduce_every_reference_score()
    {
        var checkedScores = 0;
        foreach (var c in ReferenceData.Load().Cases)
            foreach (var (lambda, byAggregation) in c.Scores)
                foreach (var (agg, expected) in byAggregation)
                {
                    var score = Ranker.Score(new Tokens(0, c.LogProbsWithout, c.LogProbsWith), new RearOptions(lambda, 1, AggregationParser.Parse(agg)));
                    Assert.True(Math.Abs(expected - score) < 1e-4, $"λ={lambda} {agg}: expected {expected}, got {score}");
                    checkedScores++;
                }
        Assert.True(checkedScores > 0);
    }
}
