using RearPlayground.Worker.Eval;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Tests.Eval;

/// <summary>
/// A finished evaluation that sets every field the JSON report has to a value other than its default: an item id and
/// both checks, a −∞ score, non-default γ, aggregation, max steps, separator and limit, a warning and a best method
/// (stop stays null, as it is when DVTS steps by tokens).
/// </summary>
internal static class EvalReportSample
{
    public static EvalResult Result()
    {
        var methods = EvalMethods.Parse("greedy,bon-rear");
        var items = new List<EvalItem>
        {
            new(1, "Name a pet.", "Short.", ["cat", "dog"], 10, Id: "pets-1"),
            new(3, "Tell a story.", "About the sea.", null, null),
        };
        var check = new EvalCheckResult(true, true, "cat", true, 4);
        var miss = new EvalCheckResult(false, null, null, false, 12);
        var answers = new List<EvalAnswer>
        {
            new(0, "greedy", "A cat, surely.", check, 5, "eos", 0, -0.25, -0.5, 120.5),
            new(1, "greedy", "The sea was grey and wide and cold and far.", miss, 14, "length", 0, double.NegativeInfinity, -3.75, 130),
            new(0, "bon-rear", "My cat.", check, 3, "eos", 2, 1.5, 1.5, 480.25),
            new(1, "bon-rear", "Waves.", new EvalCheckResult(true, null, null, true, 1), 2, "eos", 5, 0.75, 0.75, 510),
        };
        var summaries = methods.Select(m => EvalSummary.Of(m, [.. answers.Where(a => a.Method == m.Name)], 200, 7)).ToList();
        var settings = new EvalSettings("stories260K", "/data/items.jsonl", methods, N: 8, M: 2, MaxTokens: 48,
            Rear: new RearOptions(Lambda: 7.5, Gamma: 0.9, Aggregation: Aggregation.Min), StepTokens: 12, MaxSteps: 6,
            Seed: 42, Separator: "\n\n", Stop: null, BootstrapResamples: 200, Limit: 2);
        return new EvalResult(settings, "stories260K", "cpu", items, answers, summaries, 1250.75)
        {
            Warnings = ["dvts-rear, 1 of 2 items: a warning with \"quotes\" and <html>"],
        };
    }
}
