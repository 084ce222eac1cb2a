using System.Text.RegularExpressions;

namespace RearPlayground.Web.Components.Pages.Playground;

/// <summary>
/// The form's words for the API's field names. The API's messages name fields as JSON does ("maxTokens must be at
/// most 512"); under a form field they read with the field's label instead ("Max tokens must be at most 512").
/// </summary>
public static partial class FieldLabels
{
    /// <summary>API key → the label the form shows for it.</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["model"] = "Model", ["variant"] = "Variant", ["method"] = "Method", ["scorer"] = "Scorer", ["question"] = "Question",
        ["preference"] = "Preference", ["lambda"] = "λ", ["guidance"] = "λ_g", ["gamma"] = "γ", ["agg"] = "Aggregation", ["n"] = "N", ["m"] = "M",
        ["maxTokens"] = "Max tokens", ["seed"] = "Seed", ["stepTokens"] = "Tokens per step", ["stop"] = "Stop string",
        ["maxSteps"] = "Max steps", ["separator"] = "Separator", ["temperature"] = "Temperature", ["topP"] = "Top-p",
        ["topK"] = "Top-k", ["device"] = "Device", ["sampleWithPreference"] = "Sample with the preference",
        ["scoreEos"] = "Score the end-of-sequence token",
    };

    /// <summary>
    /// <paramref name="message"/> as the form shows it: JSON names that are not words (camelCase ones, n, m) become
    /// labels anywhere outside quotes (quoted text is the user's own value); the field's own name at the start too
    /// ("lambda must be …" → "λ must be …"); a first a–z letter capitalised (λ stays λ).
    /// </summary>
    public static string Humanize(string field, string message)
    {
        var text = Pieces().Replace(message, piece =>
            !piece.Value.StartsWith('\'') && Labels.TryGetValue(piece.Value, out var label) && (IsName(piece.Value) || (piece.Index == 0 && piece.Value == field))
                ? piece.Index == 0 ? label : MidSentence(label)
                : piece.Value);
        return text.Length > 0 && char.IsAsciiLetterLower(text[0]) ? char.ToUpperInvariant(text[0]) + text[1..] : text;
    }

    // A JSON name no English sentence uses as a word: camelCase, or a single letter.
    private static bool IsName(string word) => word.Length == 1 || word.Any(char.IsUpper);

    // "Max tokens" reads "max tokens" inside a sentence; N, λ and Top-p's own capitals stay.
    private static string MidSentence(string label) =>
        label.Length > 1 && char.IsUpper(label[0]) && char.IsLower(label[1]) ? char.ToLowerInvariant(label[0]) + label[1..] : label;

    // A quoted value (kept as it is; an apostrophe inside a word, as in "model's", opens no quote), or a word.
    [GeneratedRegex(@"(?<![A-Za-z])'[^']*'|[A-Za-z]+")]
    private static partial Regex Pieces();
}
