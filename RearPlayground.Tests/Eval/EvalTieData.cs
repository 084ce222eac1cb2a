using RearPlayground.Worker.Eval;

namespace RearPlayground.Tests.Eval;

/// <summary>A finished evaluation built by hand: three items, and every method passes one of them (a five-way tie).</summary>
internal static class EvalTieData
{
    public const string DvtsWarning = "The tree search ended after a single step, so DVTS picked among 16 one-step answers as Best-of-N would: max steps is 1.";

    public static EvalResult Result(params double[] passRates)
    {
        var methods = EvalMethods.Parse(EvalMethods.Default);
        if (passRates.Length == 0) passRates = [.. methods.Select(_ => 1 / 3.0)];
        var items = Enumerable.Range(0, 3).Select(i => new EvalItem(i + 1, "Once upon a time", "A cat.", ["cat"], null)).ToList();
        var answers = new List<EvalAnswer>();
        var summaries = new List<EvalSummary>();
        for (var m = 0; m < methods.Count; m++)
        {
            var passed = (int)Math.Round(passRates[m] * items.Count);
            var mine = items.Select((_, i) => new EvalAnswer(i, methods[m].Name, i < passed ? "a cat" : "a dog",
                new EvalCheckResult(i < passed, i < passed, i < passed ? "cat" : null, null, 2), 3, "eos", 0, -1, -1, 10)).ToList();
            answers.AddRange(mine);
            summaries.Add(EvalSummary.Of(methods[m], mine, 100, 0));
        }
        var settings = new EvalSettings("stories260K", "items.jsonl", methods, StepTokens: 16, Stop: "\n\n", BootstrapResamples: 100);
        return new EvalResult(settings, "stories260K", "cpu", items, answers, summaries, 50)
        {
            Warnings = [$"dvts-rear, 3 of 3 items: {DvtsWarning}"],
        };
    }
}
