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

    /// <summary>The runs' warnings, one line per run and warning with the number of items it came up on.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The highest pass rate and the methods that reached it (several: a tie, no best method).</summary>
    public EvalBest? Best => EvalBest.Of(Summaries.Select(s => (s.Method, s.PassRate)));
}
