using System.Text;

namespace RearPlayground.Worker.Engine.Tokenization;

/// <summary>
/// A Hugging Face tokenizer.json BPE tokenizer, byte-level (GPT-2, Qwen2, SmolLM, Llama-3) or Metaspace with
/// byte fallback (Llama-2, Mistral, TinyLlama). Built by <see cref="HfTokenizerJson.Load"/>.
/// Encode: cut added tokens out → normalize each text segment → pre-tokenize → BPE per word.
/// </summary>
public sealed class HfBpeTokenizer : ITextTokenizer
{
    private readonly BpeMerger _merger;
    private readonly Dictionary<string, int> _vocab;
    private readonly string?[] _idToToken;
    private readonly Dictionary<int, AddedToken> _addedById;
    private readonly Dictionary<string, int> _addedByContent;
    private readonly AddedTokenSplitter _splitter;
    private readonly HfNormalizer _normalizer;
    private readonly HfPreTokenizer _preTokenizer;
    private readonly HfDecoder _decoder;

    internal HfBpeTokenizer(
        BpeMerger merger,
        Dictionary<string, int> vocab,
        IReadOnlyList<AddedToken> addedTokens,
        HfNormalizer normalizer,
        HfPreTokenizer preTokenizer,
        HfDecoder decoder,
        int? bosId,
        int? eosId)
    {
        _merger = merger;
        _vocab = vocab;
        _normalizer = normalizer;
        _preTokenizer = preTokenizer;
        _decoder = decoder;
        _splitter = new AddedTokenSplitter(addedTokens);
        _addedById = new Dictionary<int, AddedToken>();
        _addedByContent = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (AddedToken token in addedTokens)
        {
            _addedById[token.Id] = token;
            _addedByContent[token.Content] = token.Id;
        }

        int maxId = Math.Max(vocab.Count == 0 ? -1 : vocab.Values.Max(), addedTokens.Count == 0 ? -1 : addedTokens.Max(t => t.Id));
        _idToToken = new string?[maxId + 1];
        foreach ((string token, int id) in vocab) _idToToken[id] = token;
        BosId = bosId;
        EosId = eosId;
    }

    public int VocabSize => _idToToken.Length;

    public int? BosId { get; }

    public int? EosId { get; }

    /// <summary>True for GPT-2-style byte-level vocabularies; false for Metaspace ("▁") ones.</summary>
    public bool IsByteLevel => _preTokenizer.IsByteLevel;

    public IReadOnlyList<int> Encode(string text)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        var words = new List<string>();
        foreach (AddedTokenSplitter.Segment segment in _splitter.Split(text))
        {
            if (segment.Text is null)
            {
                ids.Add(segment.TokenId);
                continue;
            }
            words.Clear();
            _preTokenizer.Split(_normalizer.Apply(segment.Text), atStart: segment.Offset == 0, words);
            foreach (string word in words)
            {
                _merger.Encode(_preTokenizer.IsByteLevel ? ByteLevelAlphabet.Encode(word) : word, ids);
            }
        }
        return ids;
    }

    /// <summary>
    /// Decodes ids; ids outside the vocabulary (e.g. padding rows of a model's embedding) decode to nothing.
    /// Leading spaces are kept (see <see cref="HfDecoder"/>).
    /// </summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecial = true)
    {
        var text = new StringBuilder();
        var bytes = new List<byte>();
        foreach (int id in ids)
        {
            if (_addedById.TryGetValue(id, out AddedToken? added))
            {
                if (skipSpecial && added.Special) continue;
                Flush(bytes, text);
                text.Append(added.Content); // added tokens are literal text, not byte-level strings
                continue;
            }
            if ((uint)id < (uint)_idToToken.Length && _idToToken[id] is string token) _decoder.AppendBytes(token, bytes);
        }
        Flush(bytes, text);
        return text.ToString();
    }

    public int? TokenToId(string token) =>
        _addedByContent.TryGetValue(token, out int added) ? added
        : _vocab.TryGetValue(token, out int id) ? id
        : null;

    // Invalid UTF-8 (e.g. a multi-byte char cut between tokens) becomes U+FFFD, as Hugging Face does.
    private static void Flush(List<byte> bytes, StringBuilder text)
    {
        if (bytes.Count == 0) return;
        text.Append(Encoding.UTF8.GetString(bytes.ToArray()));
        bytes.Clear();
    }
}
