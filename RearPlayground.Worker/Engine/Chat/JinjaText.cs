using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RearPlayground.Worker.Engine.Chat;

/// <summary>
/// Reads literals out of Jinja template text. There is no Jinja engine here, so recognisers look for the
/// distinctive string literals of each family and take the variable parts (default system text, separators) from them.
/// </summary>
internal static partial class JinjaText
{
    /// <summary>Regex fragment for a newline inside a template literal: the escape <c>\n</c> or, in hand-written copies, a real one.</summary>
    public const string Newline = @"(?:\\n|\n)";

    /// <summary>Whether the template writes the <c>bos_token</c> variable anywhere.</summary>
    public static bool WritesBos(string jinja) => BosTokenRegex().IsMatch(jinja);

    /// <summary>Whether the template writes the <c>eos_token</c> variable anywhere.</summary>
    public static bool WritesEos(string jinja) => EosTokenRegex().IsMatch(jinja);

    /// <summary>Group 1 of the first match, unescaped; null when the pattern does not occur.</summary>
    public static string? CaptureLiteral(Regex regex, string jinja)
    {
        var match = regex.Match(jinja);
        return match.Success ? Unescape(match.Groups[1].Value) : null;
    }

    /// <summary>
    /// The text of a Jinja string literal's body. Jinja decodes literals with Python's unicode-escape rules;
    /// these are the escapes chat templates use. Unknown escapes keep their backslash, as in Python.
    /// </summary>
    public static string Unescape(string literal)
    {
        var sb = new StringBuilder(literal.Length);
        for (var i = 0; i < literal.Length; i++)
        {
            var c = literal[i];
            if (c != '\\' || i + 1 == literal.Length)
            {
                sb.Append(c);
                continue;
            }
            var next = literal[++i];
            switch (next)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case '\\' or '\'' or '"': sb.Append(next); break;
                case 'u' when i + 4 < literal.Length && ushort.TryParse(
                    literal.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    sb.Append((char)code);
                    i += 4;
                    break;
                default: sb.Append('\\').Append(next); break;
            }
        }
        return sb.ToString();
    }

    [GeneratedRegex(@"\bbos_token\b")]
    private static partial Regex BosTokenRegex();

    [GeneratedRegex(@"\beos_token\b")]
    private static partial Regex EosTokenRegex();
}
