namespace RearPlayground.Worker.Engine.Tokenization;

/// <summary>
/// The text each response token adds: decode(ids[..i+1]) minus decode(ids[..i]), so leading spaces and merges come out
/// as the whole response decodes (a token decoded alone can differ). Special tokens keep their written form ("&lt;/s&gt;").
/// A character split over several tokens (UTF-8 bytes, byte-fallback pieces) belongs to the token that completes it;
/// the tokens before it add no text of their own.
/// </summary>
public static class TokenPieces
{
    private const char Replacement = '\uFFFD';

    public static string[] Split(ITextTokenizer tokenizer, IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(ids);
        var pieces = new string[ids.Count];
        var done = ""; // the decoded text the earlier pieces account for
        for (var i = 0; i < ids.Count; i++)
        {
            var text = tokenizer.Decode(ids.Take(i + 1), skipSpecial: false);
            // An unfinished character decodes as U+FFFD at the end: the token that completes it takes it. (A byte that
            // never completes goes to the next token, which is as close as it gets.)
            if (i < ids.Count - 1 && text.Length > 0 && text[^1] == Replacement)
            {
                pieces[i] = "";
                continue;
            }
            var shared = text.StartsWith(done, StringComparison.Ordinal) ? done.Length : CommonPrefix(done, text);
            pieces[i] = text[shared..];
            done = text;
        }
        return pieces;
    }

    /// <summary>The ids themselves, for when the model's tokenizer is not on this machine.</summary>
    public static string[] Ids(IReadOnlyList<int> ids) => [.. ids.Select(id => $"[{id}]")];

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n]) n++;
        return n;
    }
}
