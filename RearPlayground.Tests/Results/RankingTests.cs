using RearPlayground.Web.Components.Pages.Runs.Results;
using RearPlayground.Web.Components.Shared;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Rear;
using static RearPlayground.Tests.Results.ResultsSamples;

namespace RearPlayground.Tests.Results;

/// <summary>Re-ranking from stored ℓ0/ℓp: the order flips where the hand computation says, baselines and ties as documented.</summary>
public sealed class RankingTests
{
    [Theory]
    [InlineData(Aggregation.Mean)]
    [InlineData(Aggregation.Sum)]
    public void Order_flips_at_the_lambda_computed_by_hand(Aggregation aggregation)
    {
        ResultCandidate[] candidates = [A(), B()];
        var options = new RearOptions(Aggregation: aggregation);

        Assert.Equal(["A", "B"], Texts(Ranking.Rank(candidates, options with { Lambda = FlipLambda - 1e-6 }, seed: 0)));
        Assert.Equal(["B", "A"], Texts(Ranking.Rank(candidates, options with { Lambda = FlipLambda + 1e-6 }, seed: 0)));
        var scale = aggregation == Aggregation.Sum ? 2 : 1;
        var atTwenty = Ranking.Rank(candidates, options with { Lambda = 20 }, seed: 0);
        Assert.Equal(scale * (-3 + 2 * 20.0), atTwenty[0].Score, 6);
        Assert.Equal(scale * (-1 - 20.0), atTwenty[1].Score, 6);
    }

    [Fact]
    public void Baseline_ranks_are_the_places_at_lambda_0_and_1_whatever_lambda_is_chosen()
    {
        // At λ = 0: A (−1) over B (−3); at λ = 1: B (−1) over A (−2); at λ = 20 B first.
        var ranked = Ranking.Rank([A(), B()], new RearOptions(Lambda: 20), seed: 0);
        var a = ranked.Single(r => r.Candidate.Text == "A");
        var b = ranked.Single(r => r.Candidate.Text == "B");
        Assert.Equal((2, 1, 2), (a.Rank, a.RankLambda0, a.RankLambda1));
        Assert.Equal((1, 2, 1), (b.Rank, b.RankLambda0, b.RankLambda1));
    }

    [Fact]
    public void An_empty_response_scores_minus_infinity_shown_as_such_and_ranks_last()
    {
        var empty = Candidate(0, "", [], []);
        var ranked = Ranking.Rank([empty, A(1), B(2)], new RearOptions(Lambda: 0), seed: 0);
        Assert.Equal(["A", "B", ""], Texts(ranked));
        Assert.Equal(double.NegativeInfinity, ranked[2].Score);
        Assert.Equal("−∞", ScoreText.Format(ranked[2].Score));
        Assert.Equal("-1.000", ScoreText.Format(ranked[0].Score));
    }

    [Fact]
    public void Random_ranks_are_a_seeded_permutation_whose_first_place_is_the_searchs_random_pick()
    {
        for (var seed = 0L; seed < 20; seed++)
        {
            var order = Ranker.RandomOrder(7, seed);
            Assert.Equal(Enumerable.Range(0, 7), order.Order());
            Assert.Equal(order, Ranker.RandomOrder(7, seed));
            // The pick Best-of-N and DVTS report (SearchOutcome.Pick).
            Assert.Equal((int)(SeededRandom.ForCandidate(seed, -1).NextUInt64() % 7), order[0]);
        }
        Assert.NotEqual(Ranker.RandomOrder(7, 1), Ranker.RandomOrder(7, 2));

        ResultCandidate[] candidates = [.. Enumerable.Range(0, 5).Select(i => Candidate(i, $"c{i}", [-1f], [-1f]))];
        var ranked = Ranking.Rank(candidates, new RearOptions(), seed: 9);
        var expected = Ranker.RandomOrder(5, 9);
        for (var place = 0; place < 5; place++)
            Assert.Equal(place + 1, ranked.Single(r => r.Candidate.Index == expected[place]).RandomRank);
    }

    [Fact]
    public void GenRm_ranks_need_every_score_and_follow_them()
    {
        var missing = Ranking.Rank([A() with { GenRmScore = 1 }, B()], new RearOptions(), seed: 0);
        Assert.All(missing, r => Assert.Null(r.GenRmRank));

        var ranked = Ranking.Rank([A() with { GenRmScore = 2.5 }, B() with { GenRmScore = -1 }], new RearOptions(Lambda: 20), seed: 0);
        Assert.Equal(("B", 1, 2), (ranked[0].Candidate.Text, ranked[0].Rank, ranked[0].GenRmRank!.Value)); // first by S_REAR, last by GenRM
        Assert.Equal(("A", 2, 1), (ranked[1].Candidate.Text, ranked[1].Rank, ranked[1].GenRmRank!.Value));
    }

    [Fact]
    public void Equal_scores_keep_index_order_and_scores_equal_rear_score()
    {
        ResultCandidate[] same = [Candidate(3, "x", [-1f, -2f], [-1f, -2f]), Candidate(5, "y", [-1f, -2f], [-1f, -2f])];
        Assert.Equal([3, 5], Ranking.Rank(same, new RearOptions(), 0).Select(r => r.Candidate.Index));

        var c = Candidate(0, "eos", [-1f, -2f, -0.5f], [-0.5f, -1f, -3f], eos: true);
        var options = new RearOptions(Lambda: 7, Gamma: 0.9, Aggregation: Aggregation.Last, ScoreEos: false);
        Assert.Equal(RearScore.Compute(c.Without, c.With, options, true), Ranker.Score(c, options));
    }

    [Fact]
    public void Stored_rows_parse_minus_infinity_and_a_genrm_runs_scores_are_its_genrm_scores()
    {
        var row = new RearPlayground.Data.Entities.CandidateEntity
        {
            Index = 2, Text = "t", TokenIdsJson = "[5,6]", LogProbsWithoutJson = "[\"-Infinity\",-1]", LogProbsWithJson = "[-0.5,-1]",
            Score = 1.25, FinishReason = "eos",
        };
        var parsed = ResultCandidate.From(row, scoredByGenRm: false);
        Assert.Equal([float.NegativeInfinity, -1f], parsed.Without);
        Assert.Equal([5, 6], parsed.TokenIds);
        Assert.True(parsed.EndedWithEos);
        Assert.Null(parsed.GenRmScore);
        Assert.Equal(1.25, ResultCandidate.From(row, scoredByGenRm: true).GenRmScore);

        var run = new RearPlayground.Data.Entities.RunEntity
        {
            Id = Guid.NewGuid(), Owner = "o", Model = "m", Method = "bon", Question = "q", RequestJson = "{}",
        };
        var view = new ResultsView(run, new RearPlayground.Worker.Contracts.RunRequest { Scorer = "genrm", Lambda = 3, Agg = "min" }, [row], null);
        Assert.True(view.HasGenRm);
        Assert.Equal(1, view.Ranked[0].GenRmRank);
        Assert.Equal(new RearOptions(3, 1, Aggregation.Min), view.RunOptions);
    }

    private static string[] Texts(IEnumerable<RankedCandidate> ranked) => [.. ranked.Select(r => r.Candidate.Text)];
}
