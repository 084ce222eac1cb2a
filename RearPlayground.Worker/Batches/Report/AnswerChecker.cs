using System.Globalization;
using System.Text.RegularExpressions;

namespace RearPlayground.Worker.Batches.Report;

/// <summary>
/// Math-normalised equality, after the MATH benchmark's <c>strip_string</c>: two answers are equivalent when their
/// <see cref="Key"/>s are equal. The key drops what does not change a value (spaces, <c>\left</c>/<c>\right</c>, <c>\!</c>,
/// <c>\,</c>, <c>$</c>, <c>\%</c>, <c>^\circ</c>, a <c>\text{…}</c> unit, a unit named in the item, a leading <c>=</c> or
/// <c>x =</c>), spells fractions and roots one way (<c>\dfrac</c>/<c>\tfrac</c> → <c>\frac</c>, <c>\frac12</c> → <c>\frac{1}{2}</c>,
/// <c>\sqrt3</c> → <c>\sqrt{3}</c>), drops a trailing <c>.0</c>; then an answer that reads as a number (decimal, a/b,
/// <c>\frac{a}{b}</c>, thousands separators) becomes that number to 12 significant digits, so 0.5, 1/2 and
/// <c>\frac{1}{2}</c> agree while 1/3 and 0.33 do not. Anything else must match exactly (case included).
/// Voting groups answers by the same key, so equivalent answers vote together.
/// </summary>
public static partial class AnswerChecker
{
    /// <summary>Whether <paramref name="answer"/> is equivalent to <paramref name="reference"/>; a null answer never is.</summary>
    public static bool Equivalent(string? answer, string reference, IReadOnlyList<string>? units = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return answer is not null && Key(answer, units) is { } key && key == Key(reference, units);
    }

    /// <summary>The normal form answers are compared and grouped by; null when nothing is left of the answer.</summary>
    public static string? Key(string answer, IReadOnlyList<string>? units = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var s = Normalize(answer, units);
        if (s.Length == 0) return null;
        return TryNumber(s, out var value) ? "#" + (value == 0 ? 0 : value).ToString("G12", CultureInfo.InvariantCulture) : s;
    }

    /// <summary>The answer with its presentation stripped (see the class summary); numbers are not yet canonical.</summary>
    public static string Normalize(string answer, IReadOnlyList<string>? units = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var s = answer.Replace("\n", " ", StringComparison.Ordinal).Trim();
        s = s.Replace(@"\!", "", StringComparison.Ordinal).Replace(@"\,", "", StringComparison.Ordinal)
            .Replace(@"\;", "", StringComparison.Ordinal).Replace(@"\:", "", StringComparison.Ordinal);
        s = LeftRight().Replace(s, "");
        s = s.Replace(@"\dfrac", @"\frac", StringComparison.Ordinal).Replace(@"\tfrac", @"\frac", StringComparison.Ordinal);
        s = Degrees().Replace(s, "");
        s = s.Replace(@"\%", "", StringComparison.Ordinal).Replace("%", "", StringComparison.Ordinal)
            .Replace(@"\$", "", StringComparison.Ordinal).Replace("$", "", StringComparison.Ordinal);
        s = StripTextUnits(s.Trim());
        s = StripNamedUnits(s, units);
        s = StripLeadingEquals(s);
        s = Whitespace().Replace(s, "");
        s = FixSqrt(FixFracs(s));
        s = TrailingZeros().Replace(s, "$1");
        return s;
    }

    /// <summary>Reads a normalised answer as a number: decimal (thousands separators allowed), a/b, \frac{a}{b}, signed.</summary>
    public static bool TryNumber(string normalized, out double value)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        var s = normalized;
        var sign = 1.0;
        if (s.StartsWith('-')) { sign = -1; s = s[1..]; }
        else if (s.StartsWith('+')) s = s[1..];
        if (Thousands().IsMatch(s)) s = s.Replace(",", "", StringComparison.Ordinal);
        if (Decimal(s, out value)) { value *= sign; return true; }
        var fraction = Fraction().Match(s);
        if (fraction.Success && Decimal(fraction.Groups["a"].Value, out var a) && Decimal(fraction.Groups["b"].Value, out var b) && b != 0)
        {
            value = sign * a / b;
            return true;
        }
        value = 0;
        return false;
    }

    private static bool Decimal(string s, out double value)
    {
        var signless = s.StartsWith('-') ? s[1..] : s;
        if (!PlainNumber().IsMatch(signless)) { value = 0; return false; }
        return double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    // "5\text{ cm}" → "5"; an answer that is all text, "\text{(A)}", keeps its words: "(A)".
    private static string StripTextUnits(string s)
    {
        var unit = TrailingText().Match(s);
        if (unit.Success && unit.Index > 0) s = s[..unit.Index].TrimEnd();
        return TextCommand().Replace(s, "${body}");
    }

    // Units the item names ("cm", "dollars"): dropped as a whole word at the end, e.g. "5 dollars" → "5".
    private static string StripNamedUnits(string s, IReadOnlyList<string>? units)
    {
        if (units is null) return s;
        foreach (var unit in units.Where(u => !string.IsNullOrWhiteSpace(u)).OrderByDescending(u => u.Length))
        {
            var m = Regex.Match(s, $@"(?<=\S)\s*(?<![\p{{L}}]){Regex.Escape(unit.Trim())}\s*(\^\{{?[23]\}}?)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            if (m.Success) return s[..m.Index].TrimEnd();
        }
        return s;
    }

    // "= 5" → "5"; "x = 5" / "y=2x+1" → the right side when the left is a short name (MATH keeps left sides of ≤ 2 characters).
    private static string StripLeadingEquals(string s)
    {
        s = s.TrimStart();
        if (s.StartsWith('=')) return s[1..].Trim();
        var parts = s.Split('=');
        return parts.Length == 2 && parts[0].Trim().Length is > 0 and <= 2 && parts[1].Trim().Length > 0 ? parts[1].Trim() : s;
    }

    // \frac12 → \frac{1}{2}, \frac1{2} → \frac{1}{2}, \frac{1}2 → \frac{1}{2}.
    private static string FixFracs(string s) => FracShort().Replace(s, m =>
        @"\frac" + Braced(m.Groups["a"].Value) + Braced(m.Groups["b"].Value));

    private static string FixSqrt(string s) => SqrtShort().Replace(s, m => @"\sqrt{" + m.Groups["a"].Value + "}");

    private static string Braced(string part) => part.StartsWith('{') ? part : "{" + part + "}";

    [GeneratedRegex(@"\\(left|right)(?![A-Za-z])")] private static partial Regex LeftRight();
    [GeneratedRegex(@"\^\s*\{?\s*\\circ\s*\}?|\\circ|°|\\degree")] private static partial Regex Degrees();
    [GeneratedRegex(@"\\(?:text|mbox|mathrm|textrm)\s*\{[^{}]*\}\s*(\^\{?[23]\}?)?$")] private static partial Regex TrailingText();
    [GeneratedRegex(@"\\(?:text|mbox|mathrm|textrm)\s*\{(?<body>[^{}]*)\}")] private static partial Regex TextCommand();
    [GeneratedRegex(@"\s+")] private static partial Regex Whitespace();
    [GeneratedRegex(@"\\frac(?<a>\{[^{}]*\}|[0-9A-Za-z])(?<b>\{[^{}]*\}|[0-9A-Za-z])")] private static partial Regex FracShort();
    [GeneratedRegex(@"\\sqrt(?<a>[0-9A-Za-z])")] private static partial Regex SqrtShort();
    [GeneratedRegex(@"(?<![\d.])(\d+)\.0+(?![\d])")] private static partial Regex TrailingZeros();
    [GeneratedRegex(@"^\d{1,3}(,\d{3})+(\.\d+)?$")] private static partial Regex Thousands();
    [GeneratedRegex(@"^(?:\\frac\{(?<a>-?[\d.]+)\}\{(?<b>-?[\d.]+)\}|(?<a>-?[\d.]+)/(?<b>-?[\d.]+))$")] private static partial Regex Fraction();
    [GeneratedRegex(@"^(\d+(\.\d*)?|\.\d+)$")] private static partial Regex PlainNumber();
}
