using System.Text.Json.Serialization;

namespace RearPlayground.Worker.Search.Warnings;

/// <summary>
/// What a reader should know about how a run went, as <c>{code, message}</c>: the code for filters, icons and tests,
/// the message for people. A warning never hides the result. Stored in the run row, sent in <c>runFinished</c>.
/// </summary>
[JsonConverter(typeof(RunWarningJsonConverter))]
public sealed record RunWarning(string Code, string Message)
{
    /// <summary>Every candidate scored the same, within <see cref="ScoreWarnings.Tolerance"/> (N ≥ 2).</summary>
    public const string ScoresTied = "scores-tied";
    /// <summary>Every candidate is the same text (N ≥ 2).</summary>
    public const string IdenticalCandidates = "identical-candidates";
    /// <summary>A candidate's score is NaN or ±∞.</summary>
    public const string ScoreNotFinite = "score-not-finite";
    /// <summary>GenRM's Yes and No were tied or unreadable on every candidate.</summary>
    public const string GenRmDegenerate = "genrm-degenerate";
    /// <summary>The preference left the context's tokens unchanged.</summary>
    public const string PreferenceEmpty = "preference-empty";
    /// <summary>A DVTS tree whose every path ended in its first step (<see cref="Dvts.SingleStepWarning"/>).</summary>
    public const string SingleStep = "single-step";
    /// <summary>A warning stored as plain text before warnings had codes.</summary>
    public const string Note = "note";
}
