using RearPlayground.Worker.Batches.Report;
using RearPlayground.Worker.Eval;

namespace RearPlayground.Tests.Batches.Report;

public class ItemJudgeTests
{
    [Fact]
    public void With_a_reference_answer_the_extracted_answer_is_checked()
    {
        var judge = new ItemJudge(new AnswerRule(AnswerRule.Boxed));
        var truth = new ItemTruth(@"\frac{1}{2}");
        Assert.True(judge.Correct(truth, @"… so the answer is \boxed{0.5}."));
        Assert.False(judge.Correct(truth, @"\boxed{0.25}"));
        Assert.False(judge.Correct(truth, "0.5 but never boxed")); // nothing extracted: wrong
        Assert.True(new ItemJudge(new AnswerRule(AnswerRule.Number)).Correct(new ItemTruth("12", Units: ["cm"]), "It is 12 cm long"));
    }

    [Fact]
    public void Without_an_answer_the_Evaluate_rule_checks_judge_the_whole_text()
    {
        var judge = new ItemJudge(new AnswerRule(AnswerRule.Boxed));
        var truth = new ItemTruth(null, MustMention: ["fish"], MaxWords: 5);
        const string Good = "Tom ate a fish.", Long = "Tom the cat ate a big fish.", Off = "Tom ate a mouse.";
        foreach (var text in new[] { Good, Long, Off })
            Assert.Equal(EvalChecks.Check(new EvalItem(1, "q", "p", ["fish"], 5), text).Pass, judge.Correct(truth, text));
        Assert.Equal((true, false, false), (judge.Correct(truth, Good), judge.Correct(truth, Long), judge.Correct(truth, Off)));
        Assert.Null(judge.Correct(new ItemTruth(null), Good)); // nothing to judge by
        Assert.Equal(judge.VoteKey(truth, "  Tom ate a fish. "), judge.VoteKey(truth, "Tom ate a fish.")); // no box needed to vote
    }

    [Fact]
    public void Equivalent_answers_share_a_vote_key()
    {
        var judge = new ItemJudge(new AnswerRule(AnswerRule.Boxed));
        var truth = new ItemTruth("3");
        Assert.Equal(judge.VoteKey(truth, @"\boxed{0.5}"), judge.VoteKey(truth, @"\boxed{\dfrac{1}{2}}"));
        Assert.NotEqual(judge.VoteKey(truth, @"\boxed{0.5}"), judge.VoteKey(truth, @"\boxed{0.05}"));
        Assert.Null(judge.VoteKey(truth, "no box"));
    }

    [Fact]
    public void Truth_reads_units_and_rule_checks_from_item_metadata()
    {
        var truth = ItemTruth.From("5", """{"units": ["cm", "mm"], "mustMention": "cat", "maxWords": "40", "level": 3}""");
        Assert.Equal(["cm", "mm"], truth.Units);
        Assert.Equal(["cat"], truth.MustMention);
        Assert.Equal(40, truth.MaxWords);
        Assert.Equal(new ItemTruth("7"), ItemTruth.From("7", null));
        Assert.False(ItemTruth.From(null, "{}").Judgeable);
    }

    [Fact]
    public void A_bad_rule_is_refused_when_the_judge_is_made() =>
        Assert.Contains("exactly one capture group", Assert.Throws<ArgumentException>(() => new ItemJudge(new AnswerRule(AnswerRule.RegexName, "x"))).Message,
            StringComparison.Ordinal);
}
