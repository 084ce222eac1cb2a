using RearPlayground.Worker.Batches.Report;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Selection;
using static RearPlayground.Tests.Batches.Report.CraftedPools;

namespace RearPlayground.Tests.Batches.Report;

/// <summary>Selectors and votes on crafted pools whose outcomes are worked out by hand.</summary>
public class PoolVotesTests
{
    private static readonly ItemJudge Boxed = new(new AnswerRule(AnswerRule.Boxed));
    private static readonly RearOptions Rear = new(Lambda: 20);

    private static ItemResult Result(SelectorPool pool, string answer, VoteOptions? votes = null, string? greedy = null) =>
        JudgedPool.Judge(pool, Rear, new ItemTruth(answer), Boxed, greedy, votes)!.Result("item");

    [Fact]
    public void Weighted_and_majority_disagree_when_the_few_score_far_higher()
    {
        // Three say 5 at S = −5, two say 7 at S = −1. Majority: 5. Weighted at T = 1: 3·e^−4 ≈ 0.05 against 2·e^0 = 2 → 7.
        var pool = Scored((@"\boxed{5}", -5), (@"\boxed{7}", -1), (@"\boxed{5}", -5), (@"\boxed{7}", -1), (@"\boxed{5}", -5));
        var result = Result(pool, "7");
        Assert.Equal((false, true), (result.Correct["majority"], result.Correct["weighted"]));
        Assert.Equal((0, 1), (result.Picks["majority"], result.Picks["weighted"])); // each answer's lowest-index candidate

        // At T = 100 the weights flatten (3·e^−0.04 ≈ 2.88 > 2): weighted follows the majority.
        var flat = Result(pool, "7", new VoteOptions(Temperature: 100));
        Assert.Equal((false, false), (flat.Correct["majority"], flat.Correct["weighted"]));
    }

    [Fact]
    public void Equivalent_answers_vote_together()
    {
        // 0.5, \frac{1}{2} and 1/2 are one answer (3 votes) against two 3s.
        var pool = Scored((@"\boxed{3}", -1), (@"\boxed{0.5}", -2), (@"\boxed{3}", -1), (@"\boxed{\frac{1}{2}}", -2), (@"\boxed{1/2}", -2));
        var result = Result(pool, @"\dfrac12");
        Assert.True(result.Correct["majority"]);
        Assert.Equal(1, result.Picks["majority"]);
        Assert.False(result.Correct["rear"]); // S_REAR alone picks a 3
    }

    [Fact]
    public void Ties_go_to_the_answer_whose_first_candidate_comes_first()
    {
        // 9 at #0 and #2, 4 at #1 and #3: two votes each, equal weights → 9 (first seen at #0).
        var pool = Scored((@"\boxed{9}", -1), (@"\boxed{4}", -1), (@"\boxed{9}", -1), (@"\boxed{4}", -1));
        var nine = Result(pool, "9");
        Assert.Equal((true, true, 0, 0), (nine.Correct["majority"], nine.Correct["weighted"], nine.Picks["majority"], nine.Picks["weighted"]));
        var swapped = Scored((@"\boxed{4}", -1), (@"\boxed{9}", -1), (@"\boxed{9}", -1), (@"\boxed{4}", -1));
        Assert.False(Result(swapped, "9").Correct["majority"]);
    }

    [Fact]
    public void Candidates_without_an_answer_do_not_vote_and_a_pool_without_any_is_wrong()
    {
        var pool = Scored(("no box", 0), ("none", 0), (@"\boxed{2}", -9));
        var result = Result(pool, "2");
        Assert.Equal((true, true, 2), (result.Correct["majority"], result.Correct["weighted"], result.Picks["majority"]));
        var none = Result(Scored(("no box", 0), ("none", 0)), "2");
        Assert.Equal((false, false, null), (none.Correct["majority"], none.Correct["weighted"], none.Picks["majority"]));
    }

    [Fact]
    public void Each_pick_selector_is_judged_on_its_own_pick()
    {
        // As in PoolSelectorsTests: λ=0 picks #0, λ=1 picks #1, λ=20 picks #2; GenRM prefers #1; the greedy decode says 3.
        var pool = Pool([(@"\boxed{1}", -1, -3), (@"\boxed{2}", -2, -1), (@"\boxed{3}", -4, -1.5)], genRm: [0.1, 2.0, -1.0], greedy: 3, seed: 11);
        var result = Result(pool, "3", greedy: @"the answer is \boxed{3}");
        Assert.Equal((true, false, false, false, true), (result.Correct["rear"], result.Correct["likelihood"], result.Correct["preference"],
            result.Correct["genrm"], result.Correct["greedy"]));
        var random = Ranker.RandomPick(3, 11);
        Assert.Equal(random, result.Picks["random"]);
        Assert.Equal(random == 2, result.Correct["random"]);
        Assert.Equal((2, 0, 1, 1, 3), (result.Picks["rear"], result.Picks["likelihood"], result.Picks["preference"], result.Picks["genrm"], result.Picks["greedy"]));
    }

    [Fact]
    public void Selectors_with_nothing_to_pick_do_not_count()
    {
        var result = Result(Scored((@"\boxed{1}", -1)), "1");
        Assert.Null(result.Correct["genrm"]); // never GenRM-ranked
        Assert.Null(result.Correct["greedy"]); // no greedy baseline
        Assert.Null(JudgedPool.Judge(Scored((@"\boxed{1}", -1)), Rear, new ItemTruth(null), Boxed)); // nothing to judge by
    }

    [Fact]
    public void Rule_checked_items_vote_on_whole_texts()
    {
        var truth = new ItemTruth(null, MustMention: ["fish"]);
        var pool = Scored(("A cat.", 0), ("Tom ate a fish.", -3), ("Tom ate a fish. ", -3));
        var result = JudgedPool.Judge(pool, Rear, truth, Boxed)!.Result("story");
        // rear picks "A cat." (S = 0); the two fish stories are one answer (2 votes); weighted: 1 against 2·e^−3, "A cat." again.
        Assert.Equal((false, true, false), (result.Correct["rear"], result.Correct["majority"], result.Correct["weighted"]));
    }

    [Fact]
    public void Weights_that_all_underflow_fall_back_to_the_subset_softmax()
    {
        // Against the pool's best (0), −2000 and −2001 underflow to 0; within the subset {#1, #2, #3} the softmax still
        // weighs #3 (−2000) above #1 and #2 (−2001 each): e^0 = 1 against 2·e^−1 ≈ 0.74.
        var pool = Scored((@"\boxed{1}", 0), (@"\boxed{2}", -2001), (@"\boxed{2}", -2001), (@"\boxed{3}", -2000));
        var judged = JudgedPool.Judge(pool, Rear, new ItemTruth("3"), Boxed)!;
        Assert.Equal(3, PoolVotes.Winner(judged, [1, 2, 3], weighted: true, new VoteBuffers(judged.Groups, judged.Count)));
        Assert.Equal(1, PoolVotes.Winner(judged, [1, 2, 3], weighted: false, new VoteBuffers(judged.Groups, judged.Count)));
    }
}
