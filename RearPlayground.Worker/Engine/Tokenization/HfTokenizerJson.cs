using System.Text.Json;

namespace RearPlayground.Worker.Engine.Tokenization;

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c> whose model is BPE (byte-level or Metaspace with byte fallback),
/// plus BOS/EOS from a <c>tokenizer_config.json</c> beside it. Every failure is a <see cref="ModelLoadException"/>
/// naming the file.
/// </summary>
public static class HfTokenizerJson
{
    public const string FileName = "tokenizer.json";
    public const string ConfigFileName = "tokenizer_config.json";

    // Ids index an array: a corrupt id like 2e9 must fail the load, not allocate gigabytes.
    private const int MaxTokenId = 16 * 1024 * 1024;

    /// <exception cref="ModelLoadException">The file is missing, unreadable, not JSON, or not a supported BPE form.</exception>
    public static HfBpeTokenizer Load(string path)
    {
        using JsonDocument document = ParseFile(path);
        try
        {
            return Build(document.RootElement, path);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or InvalidOperationException or FormatException)
        {
            throw new ModelLoadException($"{path}: {e.Message}", e);
        }
    }

    private static HfBpeTokenizer Build(JsonElement root, string path)
    {
        JsonElement model = HfJson.Property(root, "model");
        if (model.ValueKind != JsonValueKind.Object) throw new InvalidDataException("no \"model\" object");
        // Files from old tokenizers versions may omit the type of a BPE model.
        string type = HfJson.OptionalString(model, "type") ?? (model.TryGetProperty("merges", out _) ? "BPE" : "(none)");
        if (type != "BPE")
            throw new NotSupportedException($"model type \"{type}\" is not supported (only BPE tokenizers can be read)");
        if (!string.IsNullOrEmpty(HfJson.OptionalString(model, "continuing_subword_prefix"))
            || !string.IsNullOrEmpty(HfJson.OptionalString(model, "end_of_word_suffix")))
            throw new NotSupportedException("BPE with continuing_subword_prefix/end_of_word_suffix is not supported");

        Dictionary<string, int> vocab = ReadVocab(model);
        List<(string, string)> merges = ReadMerges(model);
        List<AddedToken> added = ReadAddedTokens(root);
        string? unk = HfJson.OptionalString(model, "unk_token");
        int? unkId = unk is not null && vocab.TryGetValue(unk, out int u) ? u : null;

        bool byteFallback = HfJson.Bool(model, "byte_fallback", false);
        var merger = new BpeMerger(
            vocab,
            merges,
            byteFallback,
            unkId,
            fuseUnk: HfJson.Bool(model, "fuse_unk", false),
            ignoreMerges: HfJson.Bool(model, "ignore_merges", false));
        HfNormalizer normalizer = HfNormalizer.FromJson(HfJson.Property(root, "normalizer"));
        HfPreTokenizer preTokenizer = HfPreTokenizer.FromJson(HfJson.Property(root, "pre_tokenizer"));
        HfDecoder decoder = HfDecoder.FromJson(HfJson.Property(root, "decoder"), preTokenizer.IsByteLevel, byteFallback);

        (string? bos, string? eos) = ReadConfigTokens(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, ConfigFileName));
        int? Resolve(string? token) =>
            token is null ? null : added.Find(t => t.Content == token)?.Id ?? (vocab.TryGetValue(token, out int id) ? id : null);
        return new HfBpeTokenizer(merger, vocab, added, normalizer, preTokenizer, decoder, Resolve(bos), Resolve(eos));
    }

    private static Dictionary<string, int> ReadVocab(JsonElement model)
    {
        JsonElement vocabJson = HfJson.Property(model, "vocab");
        if (vocabJson.ValueKind != JsonValueKind.Object) throw new InvalidDataException("model.vocab is not an object of token: id");
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (JsonProperty entry in vocabJson.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out int id) || id is < 0 or > MaxTokenId)
                throw new InvalidDataException($"model.vocab entry \"{entry.Name}\" has no valid id");
            vocab[entry.Name] = id;
        }
        return vocab;
    }

    // Merges come as "a b" strings (older files) or ["a", "b"] pairs (tokenizers >= 0.20, which allows spaces in tokens).
    private static List<(string, string)> ReadMerges(JsonElement model)
    {
        var merges = new List<(string, string)>();
        JsonElement mergesJson = HfJson.Property(model, "merges");
        if (mergesJson.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return merges;
        if (mergesJson.ValueKind != JsonValueKind.Array) throw new InvalidDataException("model.merges is not an array");
        foreach (JsonElement merge in mergesJson.EnumerateArray())
        {
            if (merge.ValueKind == JsonValueKind.String)
            {
                string line = merge.GetString()!;
                int space = line.IndexOf(' ', 1); // from 1: a lone " " token cannot be the left side of a string merge
                if (space < 0 || line.IndexOf(' ', space + 1) >= 0) throw new InvalidDataException($"merge \"{line}\" is not two tokens");
                merges.Add((line[..space], line[(space + 1)..]));
            }
            else if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2
                     && merge[0].ValueKind == JsonValueKind.String && merge[1].ValueKind == JsonValueKind.String)
            {
                merges.Add((merge[0].GetString()!, merge[1].GetString()!));
            }
            else
            {
                throw new InvalidDataException($"merge {merge.GetRawText()} is neither \"a b\" nor [\"a\", \"b\"]");
            }
        }
        return merges;
    }

    private static List<AddedToken> ReadAddedTokens(JsonElement root)
    {
        var tokens = new List<AddedToken>();
        JsonElement list = HfJson.Property(root, "added_tokens");
        if (list.ValueKind != JsonValueKind.Array) return tokens;
        foreach (JsonElement t in list.EnumerateArray())
        {
            if (!t.TryGetProperty("id", out JsonElement idJson) || !idJson.TryGetInt32(out int id) || id is < 0 or > MaxTokenId)
                throw new InvalidDataException($"added token {t.GetRawText()} has no valid id");
            tokens.Add(new AddedToken(
                HfJson.String(t, "content"),
                id,
                Special: HfJson.Bool(t, "special", false),
                LStrip: HfJson.Bool(t, "lstrip", false),
                RStrip: HfJson.Bool(t, "rstrip", false),
                SingleWord: HfJson.Bool(t, "single_word", false)));
        }
        return tokens;
    }

    /// <summary>bos_token/eos_token of tokenizer_config.json: a string or {"content": ...}; absent file → none.</summary>
    private static (string? Bos, string? Eos) ReadConfigTokens(string configPath)
    {
        if (!File.Exists(configPath)) return (null, null);
        using JsonDocument config = ParseFile(configPath);
        static string? TokenOf(JsonElement root, string name)
        {
            JsonElement v = HfJson.Property(root, name);
            return v.ValueKind == JsonValueKind.String ? v.GetString() : HfJson.OptionalString(v, "content");
        }
        return (TokenOf(config.RootElement, "bos_token"), TokenOf(config.RootElement, "eos_token"));
    }

    private static JsonDocument ParseFile(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            return JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"{path}: not valid JSON ({e.Message})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException($"{path}: cannot be read ({e.Message})", e);
        }
    }
}
