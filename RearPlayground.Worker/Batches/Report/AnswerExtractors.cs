using System.Text.RegularExpressions;

namespace RearPlayground.Worker.Batches.Report;

/// <summary>
/// The extractors behind <see cref="AnswerRule"/>. Each takes the last answer in the text, since reasoning models state
/// intermediate values before the final one.
/// </summary>
public static partial class AnswerExtractors
{
    private static readonly string[] BoxCommands = [@"\boxed", @"\fbox"];

    /// <summary>
    /// The content of the last <c>\boxed{…}</c> / <c>\fbox{…}</c> whose braces balance (a box cut off by the token limit is
    /// skipped for the one before it), or MATH's brace-less <c>\boxed 5</c>; null when there is none.
    /// </summary>
    public static string? LastBoxed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var starts = new List<(int At, int Length)>();
        foreach (var command in BoxCommands)
            for (var at = text.IndexOf(command, StringComparison.Ordinal); at >= 0; at = text.IndexOf(command, at + 1, StringComparison.Ordinal))
                starts.Add((at, command.Length));
        foreach (var (at, length) in starts.OrderByDescending(s => s.At))
        {
            var after = at + length;
            if (after < text.Length && char.IsLetter(text[after])) continue; // \boxedsomething is another command
            if (Content(text, after) is { } content) return content.Trim();
        }
        return null;
    }

    // "{…}" balanced from `from`, or "\boxed 5" (a space, then up to whitespace or '$').
    private static string? Content(string text, int from)
    {
        if (from < text.Length && text[from] == ' ')
        {
            var end = from + 1;
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != '$') end++;
            return end > from + 1 ? text[(from + 1)..end] : null;
        }
        if (from >= text.Length || text[from] != '{') return null;
        var depth = 0;
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '{' or '}') { i++; continue; } // \{ \} are literal braces
            if (text[i] == '{') depth++;
            else if (text[i] == '}' && --depth == 0) return text[(from + 1)..i];
        }
        return null;
    }

    /// <summary>
    /// The last number: an integer, a decimal, a negative (a minus not glued to a letter or digit, so "3-5" ends in 5),
    /// thousands separators ("1,234,567" → "1234567"; "1,2" is two numbers), or a simple fraction "3/4"; null when none.
    /// </summary>
    public static string? LastNumber(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Match? last = null;
        foreach (Match m in NumberPattern().Matches(text)) last = m;
        return last is null ? null : last.Value.Replace(",", "", StringComparison.Ordinal);
    }

    /// <summary>
    /// The capture group of the last match of <paramref name="pattern"/> (checked by <see cref="AnswerRule.Error"/>); null when
    /// nothing matches or the match ran past <see cref="AnswerRule.RegexTimeout"/>. Regex's own cache keeps the parsed pattern.
    /// </summary>
    public static string? LastGroup(string text, string pattern)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(pattern);
        try
        {
            Match? last = null;
            foreach (Match m in Regex.Matches(text, pattern, RegexOptions.CultureInvariant, AnswerRule.RegexTimeout)) last = m;
            var group = last?.Groups.Values.Skip(1).FirstOrDefault(g => g.Success);
            return group?.Value.Trim();
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>The whole text, trimmed; null when nothing is left.</summary>
    public static string? WholeText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}.])-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+/\d+|\d+(?:\.\d+)?|\.\d+)(?![\p{N}])", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
