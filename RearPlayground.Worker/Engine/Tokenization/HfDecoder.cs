using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RearPlayground.Worker.Engine.Tokenization;

/// <summary>
/// The <c>decoder</c> of a tokenizer.json, turning token strings back into bytes and then text.
/// Either byte-level (ByteLevel: every char is one byte) or piece-wise (Metaspace/Replace turn "▁" into spaces,
/// ByteFallback turns <c>&lt;0xNN&gt;</c> into bytes, Fuse is implicit).
/// Strip and Metaspace's first-space removal are deliberately not applied: a response decoded on its own must
/// keep the leading space the model produced, or joining it to the prompt would lose a space.
/// </summary>
internal sealed class HfDecoder
{
    private readonly List<(string From, string To)> _replacements = [];

    public bool IsByteLevel { get; private set; }

    public bool ByteFallback { get; private set; }

    /// <param name="modelByteFallback">
    /// The model emits <c>&lt;0xNN&gt;</c> pieces: they decode to bytes even if the decoder forgot ByteFallback.
    /// </param>
    public static HfDecoder FromJson(JsonElement element, bool preTokenizerIsByteLevel, bool modelByteFallback)
    {
        var decoder = new HfDecoder { ByteFallback = modelByteFallback };
        if (element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) decoder.IsByteLevel = preTokenizerIsByteLevel;
        else decoder.Add(element);
        return decoder;
    }

    /// <summary>Appends the bytes one vocabulary token (not an added token) decodes to.</summary>
    public void AppendBytes(string token, List<byte> output)
    {
        if (IsByteLevel)
        {
            ByteLevelAlphabet.AppendBytes(token, output);
            return;
        }
        if (ByteFallback && TryParseByteToken(token, out byte b))
        {
            output.Add(b);
            return;
        }
        foreach ((string from, string to) in _replacements) token = token.Replace(from, to, StringComparison.Ordinal);
        output.AddRange(Encoding.UTF8.GetBytes(token));
    }

    /// <summary>True for SentencePiece byte pieces <c>&lt;0xNN&gt;</c>.</summary>
    public static bool TryParseByteToken(string token, out byte value)
    {
        value = 0;
        return token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
            && byte.TryParse(token.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value);
    }

    private void Add(JsonElement element)
    {
        string type = HfJson.Type(element, "decoder");
        switch (type)
        {
            case "Sequence":
                foreach (JsonElement inner in HfJson.Array(element, "decoders")) Add(inner);
                break;
            case "ByteLevel":
                IsByteLevel = true;
                break;
            case "ByteFallback":
                ByteFallback = true;
                break;
            case "Metaspace":
                _replacements.Add((HfJson.OptionalString(element, "replacement") ?? "\u2581", " "));
                break;
            case "Replace":
                string? from = HfJson.OptionalString(HfJson.Property(element, "pattern"), "String")
                    ?? throw new NotSupportedException("decoder Replace with a regex pattern is not supported");
                _replacements.Add((from, HfJson.String(element, "content")));
                break;
            case "Fuse":
            case "Strip":
                break; // Fuse: tokens are concatenated anyway. Strip: see the class comment.
            default:
                throw new NotSupportedException($"decoder type \"{type}\" is not supported");
        }
    }
}
