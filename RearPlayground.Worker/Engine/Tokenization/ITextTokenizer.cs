namespace RearPlayground.Worker.Engine.Tokenization;

/// <summary>
/// The engine's view of a tokenizer: text to ids and back, plus the special ids the engine needs.
/// Implementations: SentencePiece <c>tokenizer.model</c> and Hugging Face <c>tokenizer.json</c>.
/// </summary>
public interface ITextTokenizer
{
    /// <summary>Number of ids the tokenizer can produce (added tokens included).</summary>
    int VocabSize { get; }

    /// <summary>Beginning-of-sequence id, when the tokenizer defines one.</summary>
    int? BosId { get; }

    /// <summary>End-of-sequence id, when the tokenizer defines one.</summary>
    int? EosId { get; }

    /// <summary>
    /// Encodes text without adding BOS/EOS. Special tokens written literally in the text
    /// (e.g. <c>&lt;|im_start|&gt;</c>, <c>&lt;s&gt;</c>) map to their ids, so chat-formatted prompts encode exactly.
    /// </summary>
    IReadOnlyList<int> Encode(string text);

    /// <summary>Decodes ids to text. Special tokens are dropped when <paramref name="skipSpecial"/> is true.</summary>
    string Decode(IEnumerable<int> ids, bool skipSpecial = true);

    /// <summary>The id of one token given as its vocabulary string (e.g. "&lt;|im_end|&gt;"), or null.</summary>
    int? TokenToId(string token);
}
