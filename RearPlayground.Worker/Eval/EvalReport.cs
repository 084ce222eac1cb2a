using System.Globalization;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Worker.Eval;

/// <summary>The <c>eval</c> output: a table for people, one JSON object (the <c>--json</c> contract, <see cref="EvalReportData"/>) for tools.</summary>
public static class EvalReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const string Row = "{0,-13}  {1,6}  {2,-14}  {3,7}  {4,6}  {5,6}  {6,9}  {7,-6}  {8,9}  {9,8}  {10,7}";

    private static string Fmt(string format, params object[] args) => string.Format(Inv, format, args);

    public static async Task WriteTableAsync(TextWriter w, EvalResult r)
    {
        var s = r.Settings;
        await w.WriteLineAsync(string.Format(Inv, "eval {0} on {1} · {2} items from {3} · n={4} m={5} max-tokens={6}{7} · λ={8} γ={9} agg={10}{12} · seed {11}",
            r.Model, r.Device, r.Items.Count, Path.GetFileName(s.Dataset), s.N, s.M, s.MaxTokens,
            StepText(s), s.RearOrDefault.Lambda, s.RearOrDefault.Gamma,
            s.RearOrDefault.Aggregation.Name(), s.Seed, GuidanceOf(s) is { } g ? Fmt(" λ_g={0}", g) : ""));
        // Header and rows share one layout so the columns line up whatever the numbers.
        await w.WriteLineAsync(string.Format(Inv, Row, "method", "pass", "95% CI", "passed", "words", "tokens", "score", "scorer", "S_REAR", "time s", "s/item"));
        foreach (var m in r.Summaries)
            await w.WriteLineAsync(string.Format(Inv, Row, m.Method, Fmt("{0:F1}%", 100 * m.PassRate),
                Fmt("[{0,5:F1}, {1,5:F1}]", 100 * m.Lo, 100 * m.Hi), $"{m.Passed}/{m.Items}", Fmt("{0:F1}", m.MeanWords),
                Fmt("{0:F1}", m.MeanTokens), Fmt("{0:F3}", m.MeanScore), m.Scorer, Fmt("{0:F3}", m.MeanRearScore),
                Fmt("{0:F1}", m.TotalMs / 1000), Fmt("{0:F2}", m.MeanMs / 1000)));
        var shared = r.Summaries.Where(m => m.Run != m.Method).Select(m => $"{m.Method} ← {m.Run}").ToList();
        await w.WriteLineAsync(string.Format(Inv, "95% CI: percentile bootstrap over items, {0} resamples. score: the method's own scorer; S_REAR: λ={1} for every pick.",
            s.BootstrapResamples, s.RearOrDefault.Lambda));
        if (shared.Count > 0)
            await w.WriteLineAsync($"same candidates, time is the shared run's: {string.Join(", ", shared)}");
        if (r.Best is { } best) await w.WriteLineAsync(best.Text);
        foreach (var warning in r.Warnings) await w.WriteLineAsync("warning: " + warning);
        await w.WriteLineAsync(string.Format(Inv, "total {0:F1} s", r.TotalMs / 1000));
    }

    // The λ_g the guided methods drew with; null when none ran.
    private static double? GuidanceOf(EvalSettings s) =>
        s.Methods.Any(m => m.Run.Method == "guided") ? s.Guidance ?? Engine.Sampling.GuidanceMix.DefaultGuidance : null;

    // The DVTS step rule as it ran; nothing when no method has steps.
    private static string StepText(EvalSettings s) =>
        s.StepTokens is { } st ? $" step-tokens={st}" : s.Stop is { } stop ? $" stop=\"{Search.Dvts.SingleStepWarning.Escape(stop)}\"" : "";

    /// <summary>The JSON report: <see cref="Data"/> written with the stored-JSON options.</summary>
    public static string Serialize(EvalResult r) => Data(r).ToJson();

    /// <summary>The result as the report declares it: methods in --methods order, then every item with each method's answer.</summary>
    public static EvalReportData Data(EvalResult r)
    {
        var s = r.Settings;
        var rear = s.RearOrDefault;
        var methods = r.Summaries.ToDictionary(m => m.Method, m => new EvalMethodSummary(m.Run, m.Scorer, m.Items, m.Passed,
            m.PassRate, new EvalInterval(m.Lo, m.Hi, 0.95), m.MeanWords, m.MeanTokens, m.MeanScore, m.MeanRearScore, m.TotalMs, m.MeanMs));
        var items = r.Items.Select((item, i) => new EvalItemReport(i, item.Line, item.Id, item.Question, item.Preference,
            item.MustMention, item.MaxWords, r.AnswersFor(i).ToDictionary(a => a.Method, a => new EvalAnswerReport(a.Text,
                a.Check.Pass, a.Check.Mentioned, a.Check.MentionedWord, a.Check.WithinWords, a.Check.Words, a.Tokens,
                a.FinishReason, a.Candidate, a.Score, a.RearScore, a.Ms)))).ToList();
        var settings = new EvalReportSettings([.. s.Methods.Select(m => m.Name)], s.N, s.M, s.MaxTokens, rear.Lambda,
            rear.Gamma, rear.Aggregation.Name(), s.StepTokens, s.MaxSteps, s.Stop, s.Seed, s.Separator, s.BootstrapResamples, s.Limit);
        var best = r.Best is { } b ? new EvalBestReport(b.Methods, b.PassRate, b.Tie, b.Text) : null;
        settings = settings with { Guidance = GuidanceOf(s) };
        return new EvalReportData(r.Model, r.Device, s.Dataset, settings, methods, best)
        {
            Warnings = r.Warnings,
            Items = items,
            TotalMs = r.TotalMs,
        };
    }
}
