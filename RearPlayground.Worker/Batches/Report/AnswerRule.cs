using System.Text.RegularExpressions;

namespace RearPlayground.Worker.Batches.Report;

/// <summary>
/// How an answer is read out of a generated text (a batch's <c>answer: {extractor, pattern?}</c>):
/// <c>boxed</c> the last balanced <c>\boxed{…}</c> or <c>\fbox{…}</c>; <c>number</c> the last number; <c>regex</c> the one
/// capture group of the last match of <see cref="Pattern"/>; <c>text</c> the whole text, trimmed. See <see cref="AnswerExtractors"/>.
/// </summary>
public sealed record AnswerRule(string Extractor = AnswerRule.Boxed, string? Pattern = null)
{
    public const string Boxed = "boxed", Number = "number", RegexName = "regex", Text = "text";

    public static readonly IReadOnlyList<string> Extractors = [Boxed, Number, RegexName, Text];

    /// <summary>A pathological pattern on a long output stops here and reads as no answer, rather than stalling a batch.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>Null when the rule is usable, else what is wrong with it (for a 400's detail).</summary>
    public string? Error()
    {
        if (!Extractors.Contains(Extractor))
            return $"answer.extractor '{Extractor}' is unknown: use {string.Join(", ", Extractors)}";
        if (Extractor != RegexName)
            return Pattern is null ? null : $"answer.pattern is only for the regex extractor, not '{Extractor}'";
        if (string.IsNullOrEmpty(Pattern)) return "answer.pattern is required for the regex extractor";
        Regex regex;
        try { regex = new Regex(Pattern, RegexOptions.CultureInvariant, RegexTimeout); }
        catch (ArgumentException e) { return $"answer.pattern is not a valid regular expression: {e.Message}"; }
        var groups = regex.GetGroupNumbers().Length - 1; // group 0 is the whole match
        return groups == 1 ? null
            : $"answer.pattern must have exactly one capture group (it has {groups}); use (?:…) for the other groups";
    }

    /// <summary>Throws <see cref="ArgumentException"/> with <see cref="Error"/>'s message when the rule is not usable.</summary>
    public void Validate()
    {
        if (Error() is { } error) throw new ArgumentException(error);
    }

    /// <summary>The answer in <paramref name="text"/>, or null when it has none (or the regex timed out).</summary>
    public string? Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Extractor switch
        {
            Boxed => AnswerExtractors.LastBoxed(text),
            Number => AnswerExtractors.LastNumber(text),
            RegexName => AnswerExtractors.LastGroup(text, Pattern ?? throw new ArgumentException(Error())),
            Text => AnswerExtractors.WholeText(text),
            _ => throw new ArgumentException(Error()),
        };
    }
}
