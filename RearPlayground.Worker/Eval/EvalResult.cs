namespace RearPlayground.Worker.Eval;

/// <summary>A finished evaluation: the settings, the items, every answer, and one summary per method (in --methods order).</summary>
public sealed record EvalResult(
    EvalSettings Settings,
    string Model,
    string Device,
    IReadOnlyList<EvalItem> Items,
    IReadOnlyList<EvalAnswer> Answers,
    IReadOnlyList<EvalSummary> Summaries,
    double TotalMs)
{
    public IEnumerable<EvalAnswer> AnswersFor(int item) => Answers.Where(a => a.Item == item);
}
