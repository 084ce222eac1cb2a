using System.Text;
using Microsoft.ML.Tokenizers;

namespace RearPlayground.Worker.Engine.Tokenization;

/// <summary>
/// A SentencePiece BPE <c>tokenizer.model</c> (byte fallback, Llama style) via Microsoft.ML.Tokenizers'
/// <see cref="LlamaTokenizer"/>. Encode never adds BOS/EOS (the engine does). Control tokens written in the text
/// (<c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>, <c>&lt;unk&gt;</c>) are cut out first and each text segment gets the dummy
/// prefix "▁", as Hugging Face's Llama tokenizers do. Decode keeps a leading space (see <see cref="Decode"/>).
/// </summary>
public sealed class SentencePieceTokenizer : ITextTokenizer
{
    public const string FileName = "tokenizer.model";

    private readonly LlamaTokenizer _tokenizer;
    private readonly IReadOnlyDictionary<string, int> _vocab;
    private readonly string[] _idToPiece;
    private readonly HashSet<int> _specialIds;
    private readonly AddedTokenSplitter _splitter;

    private SentencePieceTokenizer(LlamaTokenizer tokenizer)
    {
        _tokenizer = tokenizer;
        _vocab = tokenizer.Vocabulary;
        _idToPiece = new string[_vocab.Values.Max() + 1];
        foreach ((string piece, int id) in _vocab) _idToPiece[id] = piece;
        for (int i = 0; i < _idToPiece.Length; i++) _idToPiece[i] ??= "";

        var specials = new List<AddedToken>();
        foreach ((string token, int id) in new[]
                 {
                     (tokenizer.BeginningOfSentenceToken, tokenizer.BeginningOfSentenceId),
                     (tokenizer.EndOfSentenceToken, tokenizer.EndOfSentenceId),
                     (tokenizer.UnknownToken, tokenizer.UnknownId),
                 })
        {
            if (!string.IsNullOrEmpty(token) && id >= 0) specials.Add(new AddedToken(token, id, Special: true));
        }
        _specialIds = specials.Select(t => t.Id).ToHashSet();
        _splitter = new AddedTokenSplitter(specials);
        BosId = tokenizer.BeginningOfSentenceId;
        EosId = tokenizer.EndOfSentenceId;
    }

    /// <exception cref="ModelLoadException">The file is missing, unreadable or not a SentencePiece BPE model.</exception>
    public static SentencePieceTokenizer Load(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            return new SentencePieceTokenizer(LlamaTokenizer.Create(stream, addBeginOfSentence: false, addEndOfSentence: false));
        }
        catch (Exception e) when (e is not ModelLoadException and not OutOfMemoryException)
        {
            // The library throws assorted exception types (protobuf parse errors, ArgumentException) for bad files.
            throw new ModelLoadException($"{path}: not a usable SentencePiece BPE model ({e.Message})", e);
        }
    }

    public int VocabSize => _idToPiece.Length;

    public int? BosId { get; }

    public int? EosId { get; }

    public IReadOnlyList<int> Encode(string text)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        foreach (AddedTokenSplitter.Segment segment in _splitter.Split(text))
        {
            if (segment.Text is null) ids.Add(segment.TokenId);
            else ids.AddRange(_tokenizer.EncodeToIds(segment.Text, addBeginningOfSentence: false, addEndOfSentence: false));
        }
        return ids;
    }

    /// <summary>
    /// Joins the pieces, "▁" → space and <c>&lt;0xNN&gt;</c> pieces → bytes. Unlike SentencePiece, the space of a
    /// leading "▁" is kept: a response decoded on its own must start with the space the model produced.
    /// Ids outside the vocabulary decode to nothing.
    /// </summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecial = true)
    {
        var bytes = new List<byte>();
        foreach (int id in ids)
        {
            if ((uint)id >= (uint)_idToPiece.Length) continue;
            if (_specialIds.Contains(id) && skipSpecial) continue;
            string piece = _idToPiece[id];
            if (HfDecoder.TryParseByteToken(piece, out byte b)) bytes.Add(b);
            else bytes.AddRange(Encoding.UTF8.GetBytes(_specialIds.Contains(id) ? piece : piece.Replace('\u2581', ' ')));
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    public int? TokenToId(string token) => _vocab.TryGetValue(token, out int id) ? id : null;
}
