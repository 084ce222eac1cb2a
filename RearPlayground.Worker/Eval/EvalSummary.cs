namespace RearPlayground.Worker.Eval;

/// <summary>One method's aggregate over the items: pass rate with its bootstrap interval, lengths, scores, time.</summary>
public sealed record EvalSummary(
    string Method,
    string Run,
    string Scorer,
    int Items,
    int Passed,
    double PassRate,
    double Lo,
    double Hi,
    double MeanWords,
    double MeanTokens,
    double MeanScore,
    double MeanRearScore,
    double TotalMs,
    double MeanMs)
{
    /// <summary>
    /// <paramref name="answers"/> are the method's answers in item order. Every method gets the same bootstrap
    /// seed, so all of them are resampled on the same item sets (a paired comparison).
    /// </summary>
    public static EvalSummary Of(EvalMethod method, IReadOnlyList<EvalAnswer> answers, int resamples, long seed)
    {
        if (answers.Count == 0) throw new ArgumentException($"no answers for method {method.Name}");
        var passes = answers.Select(a => a.Check.Pass).ToArray();
        var (lo, hi) = Bootstrap.PassRateInterval(passes, resamples, seed);
        var total = answers.Sum(a => a.Ms);
        return new EvalSummary(method.Name, method.Run.Name, method.Run.Scorer, answers.Count, passes.Count(p => p),
            passes.Count(p => p) / (double)answers.Count, lo, hi,
            answers.Average(a => a.Check.Words), answers.Average(a => a.Tokens),
            answers.Average(a => a.Score), answers.Average(a => a.RearScore), total, total / answers.Count);
    }
}
