using RearPlayground.Worker.Search;

namespace RearPlayground.Worker.Eval;

/// <summary>
/// The method names of <c>eval --methods</c> (a contract). bon-rear, bon-l0, bon-l1 and bon-random share one
/// Best-of-N run per item (same candidates, same seed), so the baselines differ only in the pick; guided-rear and guided-random
/// share one guided run.
/// </summary>
public static class EvalMethods
{
    private static readonly EvalRun Greedy = new("greedy", "greedy", "rear");
    private static readonly EvalRun GreedyNoPref = new("greedy-nopref", "greedy", "rear", SampleWithPreference: false);
    private static readonly EvalRun BonRear = new("bon-rear", "bon", "rear");
    private static readonly EvalRun BonGenRm = new("bon-genrm", "bon", "genrm");
    private static readonly EvalRun GuidedRear = new("guided-rear", "guided", "rear");
    private static readonly EvalRun DvtsRear = new("dvts-rear", "dvts", "rear");
    private static readonly EvalRun DvtsGenRm = new("dvts-genrm", "dvts", "genrm");

    public static readonly IReadOnlyList<EvalMethod> All =
    [
        new("greedy", Greedy, r => r.Best, "greedy decoding from the context with the preference"),
        new("greedy-nopref", GreedyNoPref, r => r.Best, "greedy decoding from the context without the preference (the model unaware of it)"),
        new("bon-rear", BonRear, r => r.Best, "Best-of-N, the candidate with the highest S_REAR"),
        new("bon-l0", BonRear, r => r.BestLambda0, "same candidates as bon-rear, the highest likelihood without the preference (λ = 0)"),
        new("bon-l1", BonRear, r => r.BestLambda1, "same candidates as bon-rear, the highest likelihood with the preference (λ = 1)"),
        new("bon-random", BonRear, r => r.RandomPick, "same candidates as bon-rear, a seeded random pick"),
        new("bon-genrm", BonGenRm, r => r.Best, "Best-of-N ranked by GenRM (the model asked whether the answer follows the preference)"),
        new("guided-rear", GuidedRear, r => r.Best, "REAR-guided decoding (N samples drawn at λ_g = --guidance), the one with the highest S_REAR"),
        new("guided-random", GuidedRear, r => r.RandomPick, "same samples as guided-rear, a seeded random pick: what one guided sample gives"),
        new("dvts-rear", DvtsRear, r => r.Best, "DVTS guided by S_REAR, the best finished path"),
        new("dvts-genrm", DvtsGenRm, r => r.Best, "DVTS guided by GenRM, the best finished path"),
    ];

    public const string Default = "greedy,bon-rear,bon-l1,bon-genrm,dvts-rear";

    public static IEnumerable<string> Names => All.Select(m => m.Name);

    /// <summary>Comma-separated names, in the order given, duplicates dropped.</summary>
    /// <exception cref="ArgumentException">An unknown name (the message lists the valid ones), or none at all.</exception>
    public static IReadOnlyList<EvalMethod> Parse(string list)
    {
        var methods = new List<EvalMethod>();
        foreach (var raw in (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = raw.ToLowerInvariant();
            var method = All.FirstOrDefault(m => m.Name == name)
                ?? throw new ArgumentException($"unknown method '{raw}': use {string.Join(", ", Names)}");
            if (!methods.Contains(method)) methods.Add(method);
        }
        if (methods.Count == 0) throw new ArgumentException($"no methods given: use {string.Join(", ", Names)}");
        return methods;
    }

    /// <summary>The distinct runs the methods need, in first-use order.</summary>
    public static IReadOnlyList<EvalRun> Runs(IEnumerable<EvalMethod> methods) => methods.Select(m => m.Run).Distinct().ToList();

    /// <summary>One-line help text: every name and what it does.</summary>
    public static string Help() => string.Join("; ", All.Select(m => $"{m.Name}: {m.Description}"));
}
