namespace RearPlayground.Worker.Engine.Tokenization;

/// <summary>
/// Cuts added tokens (e.g. <c>&lt;|im_start|&gt;</c>, <c>&lt;/s&gt;</c>) out of raw text, leftmost-longest like
/// Hugging Face, so chat-formatted prompts encode to the special ids instead of being split by BPE.
/// </summary>
internal sealed class AddedTokenSplitter
{
    /// <summary>One piece of the input: plain text (<see cref="Text"/> set) or an added token's id.</summary>
    /// <param name="Offset">Where the piece starts in the original text (Metaspace's "first" scheme needs it).</param>
    internal readonly record struct Segment(int Offset, string? Text, int TokenId);

    // Candidates by first char, longest first, so the scan tries the longest match at each position.
    private readonly Dictionary<char, AddedToken[]> _byFirstChar;

    public AddedTokenSplitter(IEnumerable<AddedToken> tokens)
    {
        _byFirstChar = tokens
            .Where(t => t.Content.Length > 0)
            .GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
    }

    public bool IsEmpty => _byFirstChar.Count == 0;

    public List<Segment> Split(string text)
    {
        var segments = new List<Segment>();
        int textStart = 0;
        int i = 0;
        while (i < text.Length)
        {
            AddedToken? match = _byFirstChar.Count == 0 ? null : MatchAt(text, i);
            if (match is null)
            {
                i++;
                continue;
            }

            int textEnd = i;
            if (match.LStrip)
            {
                while (textEnd > textStart && char.IsWhiteSpace(text[textEnd - 1])) textEnd--;
            }
            if (textEnd > textStart) segments.Add(new Segment(textStart, text[textStart..textEnd], -1));
            segments.Add(new Segment(i, null, match.Id));

            i += match.Content.Length;
            if (match.RStrip)
            {
                while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            }
            textStart = i;
        }
        if (textStart < text.Length) segments.Add(new Segment(textStart, text[textStart..], -1));
        return segments;
    }

    private AddedToken? MatchAt(string text, int pos)
    {
        if (!_byFirstChar.TryGetValue(text[pos], out AddedToken[]? candidates)) return null;
        foreach (AddedToken token in candidates)
        {
            if (!text.AsSpan(pos).StartsWith(token.Content, StringComparison.Ordinal)) continue;
            if (token.SingleWord && !IsWholeWord(text, pos, token.Content.Length)) continue;
            return token;
        }
        return null;
    }

    private static bool IsWholeWord(string text, int start, int length)
    {
        int end = start + length;
        bool leftOk = start == 0 || !char.IsLetterOrDigit(text[start - 1]);
        bool rightOk = end >= text.Length || !char.IsLetterOrDigit(text[end]);
        return leftOk && rightOk;
    }
}
