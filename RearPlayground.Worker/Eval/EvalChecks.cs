using System.Text.RegularExpressions;

namespace RearPlayground.Worker.Eval;

/// <summary>
/// Scores an answer (the generated text only, not the question before it) against an item's checks.
/// mustMention: at least one listed word or phrase appears, case-insensitive, as a whole word — "cat"
/// matches "Cat." and "cat's" but not "catch" or "cats" (list plurals explicitly); substring matching
/// would let "cat" pass on "caterpillar", which children's stories are full of.
/// maxWords: words are whitespace-separated chunks with at least one letter or digit, so the lone
/// punctuation a story model often starts with (", there was") is not a word.
/// </summary>
public static class EvalChecks
{
    public static EvalCheckResult Check(EvalItem item, string answer)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Check(item.MustMention, item.MaxWords, answer);
    }

    /// <summary>The same checks from their values alone: what a batch item without a reference answer is judged by.</summary>
    public static EvalCheckResult Check(IReadOnlyList<string>? mustMention, int? maxWords, string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var words = CountWords(answer);
        string? word = null;
        bool? mentioned = null;
        if (mustMention is { } list)
        {
            word = list.FirstOrDefault(w => Mentions(answer, w));
            mentioned = word is not null;
        }
        bool? within = maxWords is { } max ? words <= max : null;
        return new EvalCheckResult(mentioned != false && within != false, mentioned, word, within, words);
    }

    /// <summary>Whole-word, case-insensitive: no letter or digit may touch the match on either side.</summary>
    public static bool Mentions(string text, string word)
    {
        var pattern = $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(word.Trim())}(?![\p{{L}}\p{{N}}])";
        return Regex.IsMatch(text, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    public static int CountWords(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetterOrDigit));
}
