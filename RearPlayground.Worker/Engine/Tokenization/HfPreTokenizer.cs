using System.Text.Json;
using System.Text.RegularExpressions;

namespace RearPlayground.Worker.Engine.Tokenization;

/// <summary>
/// The <c>pre_tokenizer</c> of a tokenizer.json: cuts a normalized text segment into the words BPE runs on.
/// Supports Sequence, Split (string or regex pattern, all split behaviours, invert), ByteLevel, Metaspace and Digits.
/// The byte-to-char mapping of ByteLevel is done by the tokenizer after splitting (<see cref="IsByteLevel"/>).
/// </summary>
internal sealed class HfPreTokenizer
{
    /// <summary>GPT-2's pattern, used by ByteLevel when <c>use_regex</c> is true.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private static readonly Lazy<Regex> s_gpt2Regex = new(() => HfJson.Compile(Gpt2Pattern));

    /// <param name="atStart">The piece starts the whole input (Metaspace's prepend_scheme "first" needs it).</param>
    private delegate void Step(string piece, bool atStart, List<string> output);

    private readonly List<Step> _steps = [];

    /// <summary>A ByteLevel step is present: words must be mapped to byte-level chars before BPE.</summary>
    public bool IsByteLevel { get; private set; }

    /// <summary>A Metaspace step is present (spaces become "▁" here rather than in the normalizer).</summary>
    public bool IsMetaspace { get; private set; }

    public static HfPreTokenizer FromJson(JsonElement element)
    {
        var preTokenizer = new HfPreTokenizer();
        if (element.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)) preTokenizer.Add(element);
        return preTokenizer;
    }

    public void Split(string segment, bool atStart, List<string> output)
    {
        var pieces = new List<string> { segment };
        foreach (Step step in _steps)
        {
            var next = new List<string>(pieces.Count * 2);
            for (int i = 0; i < pieces.Count; i++) step(pieces[i], atStart && i == 0, next);
            pieces = next;
        }
        foreach (string piece in pieces)
        {
            if (piece.Length > 0) output.Add(piece);
        }
    }

    private void Add(JsonElement element)
    {
        string type = HfJson.Type(element, "pre_tokenizer");
        switch (type)
        {
            case "Sequence":
                foreach (JsonElement inner in HfJson.Array(element, "pretokenizers")) Add(inner);
                break;
            case "Split":
                Regex regex = HfJson.Pattern(element);
                string behavior = CheckBehavior(HfJson.OptionalString(element, "behavior") ?? "Isolated");
                bool invert = HfJson.Bool(element, "invert", false);
                _steps.Add((piece, _, output) => SplitBy(piece, regex, behavior, invert, output));
                break;
            case "ByteLevel":
                IsByteLevel = true;
                bool addPrefixSpace = HfJson.Bool(element, "add_prefix_space", true);
                bool useRegex = HfJson.Bool(element, "use_regex", true);
                _steps.Add((piece, _, output) =>
                {
                    if (addPrefixSpace && !piece.StartsWith(' ')) piece = " " + piece;
                    if (useRegex) SplitBy(piece, s_gpt2Regex.Value, "Isolated", false, output);
                    else output.Add(piece);
                });
                break;
            case "Metaspace":
                IsMetaspace = true;
                AddMetaspace(element);
                break;
            case "Digits":
                Regex digits = HfJson.Compile(HfJson.Bool(element, "individual_digits", false) ? @"\p{N}" : @"\p{N}+");
                _steps.Add((piece, _, output) => SplitBy(piece, digits, "Isolated", false, output));
                break;
            default:
                throw new NotSupportedException($"pre_tokenizer type \"{type}\" is not supported");
        }
    }

    private void AddMetaspace(JsonElement element)
    {
        string replacement = HfJson.OptionalString(element, "replacement") ?? "\u2581";
        // Older files say add_prefix_space instead of prepend_scheme.
        string scheme = HfJson.OptionalString(element, "prepend_scheme")
            ?? (HfJson.Bool(element, "add_prefix_space", true) ? "always" : "never");
        if (scheme is not ("always" or "first" or "never"))
            throw new NotSupportedException($"Metaspace prepend_scheme \"{scheme}\" is not supported");
        bool split = HfJson.Bool(element, "split", true);
        Regex splitter = HfJson.Compile(Regex.Escape(replacement));
        _steps.Add((piece, atStart, output) =>
        {
            piece = piece.Replace(" ", replacement);
            bool prepend = scheme == "always" || (scheme == "first" && atStart);
            if (prepend && !piece.StartsWith(replacement, StringComparison.Ordinal)) piece = replacement + piece;
            if (split) SplitBy(piece, splitter, "MergedWithNext", false, output);
            else output.Add(piece);
        });
    }

    private static string CheckBehavior(string behavior) =>
        behavior is "Isolated" or "Removed" or "MergedWithPrevious" or "MergedWithNext" or "Contiguous"
            ? behavior
            : throw new NotSupportedException($"Split behavior \"{behavior}\" is not supported");

    /// <summary>Hugging Face's split semantics: matches are delimiters, kept or merged per <paramref name="behavior"/>.</summary>
    private static void SplitBy(string text, Regex regex, string behavior, bool invert, List<string> output)
    {
        var spans = new List<(int Start, int End, bool IsMatch)>();
        int last = 0;
        foreach (ValueMatch m in regex.EnumerateMatches(text))
        {
            if (m.Length == 0) continue;
            if (m.Index > last) spans.Add((last, m.Index, invert));
            spans.Add((m.Index, m.Index + m.Length, !invert));
            last = m.Index + m.Length;
        }
        if (last < text.Length) spans.Add((last, text.Length, invert));

        int pending = -1; // start of a piece still open
        foreach ((int start, int end, bool isMatch) in spans)
        {
            switch (behavior)
            {
                case "Isolated":
                    output.Add(text[start..end]);
                    break;
                case "Removed":
                    if (!isMatch) output.Add(text[start..end]);
                    break;
                case "MergedWithPrevious":
                    if (!isMatch) pending = start;
                    else
                    {
                        output.Add(text[(pending >= 0 ? pending : start)..end]);
                        pending = -1;
                    }
                    break;
                case "MergedWithNext":
                    if (isMatch)
                    {
                        if (pending >= 0) output.Add(text[pending..start]);
                        pending = start;
                    }
                    else
                    {
                        output.Add(text[(pending >= 0 ? pending : start)..end]);
                        pending = -1;
                    }
                    break;
                default: // Contiguous: runs of delimiters become one piece
                    if (isMatch && pending < 0) pending = start;
                    else if (!isMatch)
                    {
                        if (pending >= 0) output.Add(text[pending..start]);
                        pending = -1;
                        output.Add(text[start..end]);
                    }
                    break;
            }
        }
        if (pending >= 0) output.Add(text[pending..]);
    }
}
