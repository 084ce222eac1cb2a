using RearPlayground.Worker.Eval;

namespace RearPlayground.Worker.Batches.Report;

/// <summary>
/// Judges one generated text for one item: with a reference answer, the rule's extracted answer must be equivalent
/// (<see cref="AnswerChecker"/>); without one, the Evaluate flow's rule checks decide (<see cref="EvalChecks"/>, the same
/// code the evaluation harness runs). <see cref="VoteKey"/> is what majority and weighted voting group candidates by.
/// </summary>
public sealed class ItemJudge
{
    private readonly AnswerRule _rule;

    /// <param name="rule">The batch's answer rule; null for <c>text</c> (items without answers vote on their whole text).</param>
    public ItemJudge(AnswerRule? rule = null)
    {
        _rule = rule ?? new AnswerRule(AnswerRule.Text);
        _rule.Validate();
    }

    public AnswerRule Rule => _rule;

    /// <summary>Null when the item cannot be judged (no answer and no rule check).</summary>
    public bool? Correct(ItemTruth truth, string text)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(text);
        if (truth.HasAnswer) return AnswerChecker.Equivalent(_rule.Extract(text), truth.Answer!, truth.Units);
        if (!truth.Judgeable) return null;
        return EvalChecks.Check(truth.MustMention, truth.MaxWords, text).Pass;
    }

    /// <summary>The normalised extracted answer this text votes for; null when it has none (it does not vote).</summary>
    public string? VoteKey(ItemTruth truth, string text)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(text);
        // Without a reference the rule's extractor may find nothing (no \boxed in a story), so such items vote on the whole text.
        var answer = truth.HasAnswer ? _rule.Extract(text) : AnswerExtractors.WholeText(text);
        return answer is null ? null : AnswerChecker.Key(answer, truth.Units);
    }
}
