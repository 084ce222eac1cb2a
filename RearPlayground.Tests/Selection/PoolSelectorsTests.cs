using System.Globalization;
using RearPlayground.Data.Entities;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Selection;

namespace RearPlayground.Tests.Selection;

/// <summary>Each selector on crafted pools whose picks are worked out by hand.</summary>
public class PoolSelectorsTests
{
    // One token each; r = (1 − λ)·ℓ0 + λ·ℓp.
    //   #0: ℓ0 −1, ℓp −3   → λ=0: −1 (best), λ=1: −3,   λ=20: 19 − 60 = −41
    //   #1: ℓ0 −2, ℓp −1   → λ=0: −2,        λ=1: −1 (best), λ=20: 38 − 20 = 18
    //   #2: ℓ0 −4, ℓp −1.5 → λ=0: −4,        λ=1: −1.5,  λ=20: 76 − 30 = 46 (best)
    private static readonly CandidateEntity[] Crafted = [Row(0, -1, -3), Row(1, -2, -1), Row(2, -4, -1.5)];

    [Fact]
    public void Likelihood_preference_and_REAR_pick_the_hand_computed_candidates()
    {
        var pool = SelectorPool.From(Crafted, seed: 0);
        var options = new RearOptions(Lambda: 20);

        Assert.Equal(0, PoolSelectors.Likelihood(pool, options));
        Assert.Equal(1, PoolSelectors.Preference(pool, options));
        Assert.Equal(2, PoolSelectors.Rear(pool, options));
        // Any λ: at λ = 1 REAR is the preference selector.
        Assert.Equal(1, PoolSelectors.Rear(pool, options with { Lambda = 1 }));
    }

    [Fact]
    public void REAR_uses_the_given_aggregation_gamma_and_EOS_rule()
    {
        // #0: [ℓ0 −1, ℓp −1] then EOS [−10, −10]; #1: one token [−2, −2]. At λ = 0 with EOS scored, mean: #0 −5.5, #1 −2 → #1;
        // EOS dropped: #0 −1 → #0. γ = 0.1 with sum and EOS scored: #0 −1 + 0.1·(−10) = −2 → a tie with #1 → the lower, #0.
        var rows = new[] { Row(0, [-1, -10], [-1, -10], "eos"), Row(1, [-2], [-2]) };
        var pool = SelectorPool.From(rows, 0);
        Assert.Equal(1, PoolSelectors.Rear(pool, new RearOptions(0)));
        Assert.Equal(0, PoolSelectors.Rear(pool, new RearOptions(0, ScoreEos: false)));
        Assert.Equal(0, PoolSelectors.Rear(pool, new RearOptions(0, 0.1, Aggregation.Sum)));
        Assert.Equal(1, PoolSelectors.Rear(pool, new RearOptions(0, 0.2, Aggregation.Sum)));
    }

    [Fact]
    public void Ties_go_to_the_lowest_index_whatever_the_row_order()
    {
        // #5 and #3 score the same under every selector; #7 is worse.
        var rows = new[] { Row(5, -1, -1, genRm: 2), Row(7, -3, -3, genRm: -1), Row(3, -1, -1, genRm: 2) };
        var pool = SelectorPool.From(rows, 0);
        var picks = PoolSelectors.PickAll(pool, new RearOptions());
        Assert.Equal((3, 3, 3, 3), (picks.Rear!.Value, picks.Likelihood!.Value, picks.Preference!.Value, picks.GenRm!.Value));
    }

    [Fact]
    public void A_NaN_score_ranks_last()
    {
        // An empty response scores NaN / −∞: never picked over a real one.
        var rows = new[] { Row(0, [], []), Row(1, -9, -9) };
        Assert.Equal(1, PoolSelectors.Rear(SelectorPool.From(rows, 0), new RearOptions()));
    }

    [Fact]
    public void Random_is_the_first_draw_of_the_runs_seeded_stream_and_ignores_the_texts()
    {
        for (var seed = 0L; seed < 40; seed++)
        {
            var pool = SelectorPool.From(Crafted, seed);
            var expected = (int)(SeededRandom.ForCandidate(seed, -1).NextUInt64() % 3);
            Assert.Equal(expected, PoolSelectors.Random(pool));
            Assert.Equal(Ranker.RandomPick(3, seed), PoolSelectors.Random(pool));
            // Other log-probs, the same seed and N: the same pick.
            var other = SelectorPool.From([Row(0, -7, -7), Row(1, -8, -1), Row(2, -1, -9)], seed);
            Assert.Equal(expected, PoolSelectors.Random(other));
        }
        // The seeds above do not all pick one candidate: the pick follows the seed.
        Assert.True(Enumerable.Range(0, 40).Select(s => PoolSelectors.Random(SelectorPool.From(Crafted, s))).Distinct().Count() > 1);
    }

    [Fact]
    public void Random_maps_its_position_to_the_candidates_index()
    {
        var rows = new[] { Row(10, -1, -1), Row(20, -1, -1), Row(30, -1, -1) };
        for (var seed = 0L; seed < 10; seed++)
            Assert.Equal(new[] { 10, 20, 30 }[Ranker.RandomPick(3, seed)], PoolSelectors.Random(SelectorPool.From(rows, seed)));
    }

    [Fact]
    public void GenRM_is_the_arg_max_of_the_stored_scores_and_null_until_computed()
    {
        Assert.Null(PoolSelectors.GenRm(SelectorPool.From(Crafted, 0)));
        var scored = new[] { Row(0, -1, -3, genRm: 0.5), Row(1, -2, -1, genRm: -2), Row(2, -4, -1.5, genRm: 3) };
        Assert.Equal(2, PoolSelectors.GenRm(SelectorPool.From(scored, 0)));
        // Half-written scores are not a GenRM rank.
        scored[2].GenRmScore = null;
        Assert.Null(PoolSelectors.GenRm(SelectorPool.From(scored, 0)));
    }

    [Fact]
    public void The_greedy_baseline_is_its_own_pick_and_never_in_the_pool()
    {
        var withGreedy = Crafted.Append(Row(3, 5, 5, baseline: Baselines.Greedy)).ToArray();
        var pool = SelectorPool.From(withGreedy, 0);

        Assert.Equal([0, 1, 2], pool.Candidates.Select(c => c.Index));
        Assert.Equal(3, PoolSelectors.Greedy(pool));
        // It would win every REAR pick (ℓ = +5) were it in the pool.
        var picks = PoolSelectors.PickAll(pool, new RearOptions());
        Assert.Equal(new int?[] { 2, 0, 1, 3 }, new[] { picks.Rear, picks.Likelihood, picks.Preference, picks.Greedy });
        Assert.Null(PoolSelectors.Greedy(SelectorPool.From(Crafted, 0)));
        Assert.Equal(3, picks["greedy"]);
    }

    [Fact]
    public void An_empty_pool_picks_nothing()
    {
        var picks = PoolSelectors.PickAll(SelectorPool.From([], 0), new RearOptions());
        Assert.Equal(new Picks(null, null, null, null, null, null), picks);
    }

    private static CandidateEntity Row(int index, double without, double with, double? genRm = null, string? baseline = null) =>
        Row(index, [without], [with], genRm: genRm, baseline: baseline);

    private static CandidateEntity Row(int index, double[] without, double[] with, string finish = "length", double? genRm = null,
        string? baseline = null) => new()
    {
        Index = index, NodeId = index, Text = $"#{index}", TokenIdsJson = Json(without.Select((_, i) => (double)i)),
        LogProbsWithoutJson = Json(without), LogProbsWithJson = Json(with), FinishReason = finish, GenRmScore = genRm, Baseline = baseline,
    };

    private static string Json(IEnumerable<double> values) => "[" + string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
}
