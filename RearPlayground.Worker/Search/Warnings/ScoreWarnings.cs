using System.Globalization;
using RearPlayground.Worker.Search.Scorers;

namespace RearPlayground.Worker.Search.Warnings;

/// <summary>
/// Checks a finished search's candidates and contexts for a scorer that said nothing (the official REAR code once
/// returned −1.0 for every GenRM score without a word, so Best-of-N silently picked candidate 0). Runs once per search,
/// for every method and scorer, through <see cref="WarnedFinish"/> (single runs and a batch pass's items); the result is always kept.
/// </summary>
public static class ScoreWarnings
{
    /// <summary>Scores closer than this are the same score.</summary>
    public const double Tolerance = 1e-6;

    /// <summary><paramref name="result"/> with the warnings it earned after those it already had (DVTS's single step).</summary>
    public static SearchResult Add(SearchResult result) =>
        Detect(result) is { Count: > 0 } found ? result with { Warnings = [.. result.Warnings, .. found] } : result;

    public static IReadOnlyList<RunWarning> Detect(SearchResult result)
    {
        var warnings = new List<RunWarning>();
        var candidates = result.Candidates;
        var scores = candidates.Select(c => c.Score).ToArray();
        if (result.Contexts.Identical) warnings.Add(PreferenceEmpty(result.Request?.Preference));
        if (candidates.Count >= 2 && candidates.All(c => c.Text == candidates[0].Text))
            warnings.Add(new(RunWarning.IdenticalCandidates,
                $"All {candidates.Count} candidates are the same text, so there was nothing to choose between: sampling may be too narrow (temperature, top-k, top-p)."));
        if (scores.Length >= 2 && scores.All(s => Same(s, scores[0])))
            warnings.Add(new(RunWarning.ScoresTied,
                $"Every candidate scored the same ({F(scores[0])}), so the pick is the first candidate (ties go to the first), not the {result.Scorer} scorer's choice."));
        var notFinite = candidates.Where(c => !double.IsFinite(c.Score)).ToList();
        if (notFinite.Count > 0)
            warnings.Add(new(RunWarning.ScoreNotFinite,
                $"{(notFinite.Count == 1 ? "Candidate" : "Candidates")} {string.Join(", ", notFinite.Select(c => $"{c.Index} ({F(c.Score)})"))} " +
                $"{(notFinite.Count == 1 ? "has" : "have")} no finite score: an empty response scores −∞, NaN means the scorer failed on it."));
        if (result.Scorer == GenRmScorer.ScorerName && GenRmScorer.Degenerate(scores))
            warnings.Add(new(RunWarning.GenRmDegenerate,
                "GenRM's Yes and No were tied or unreadable on every candidate, so its scores say nothing about the preference."));
        return warnings;
    }

    private static RunWarning PreferenceEmpty(string? preference) => new(RunWarning.PreferenceEmpty, string.IsNullOrEmpty(preference)
        ? "No preference was given, so both contexts are the same tokens: ℓp equals ℓ0 and λ changes nothing."
        : "The preference left the context's tokens unchanged (it is empty after the model's template), so ℓp equals ℓ0 and λ changes nothing.");

    // ±∞ equals itself; NaN equals nothing, so a NaN score is never a tie (score-not-finite says so instead).
    private static bool Same(double a, double b) => a == b || Math.Abs(a - b) <= Tolerance;

    private static string F(double d) => d.ToString("0.######", CultureInfo.InvariantCulture);
}
