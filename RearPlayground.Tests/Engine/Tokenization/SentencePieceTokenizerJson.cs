using System.Text.Json.Nodes;
using Piece = RearPlayground.Tests.Engine.Tokenization.SentencePieceModelReader.Piece;
using PieceType = RearPlayground.Tests.Engine.Tokenization.SentencePieceModelReader.PieceType;

namespace RearPlayground.Tests.Engine.Tokenization;

/// <summary>
/// Derives a Llama-2-style tokenizer.json (Metaspace BPE with byte fallback) from a SentencePiece BPE model, the way
/// Hugging Face's converter does: every split of a normal piece into two pieces of the vocabulary is a merge, ranked by
/// the merged piece's score (higher first), so "lowest merge rank" picks the pair SentencePiece would.
/// </summary>
internal static class SentencePieceTokenizerJson
{
    public static string Stories260K => Path.Combine(Support.SharedModels.Stories, "tokenizer.model");

    /// <param name="metaspacePreTokenizer">
    /// false: legacy form (normalizer Prepend("▁") + Replace(" ", "▁"), every text segment gets "▁");
    /// true: newer form (pre_tokenizer Metaspace, prepend_scheme "first", split false).
    /// </param>
    public static JsonObject Build(string modelPath, bool metaspacePreTokenizer)
    {
        List<Piece> pieces = SentencePieceModelReader.ReadPieces(modelPath);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < pieces.Count; i++) ids.TryAdd(pieces[i].Text, i);

        var vocab = new JsonObject();
        var added = new JsonArray();
        for (int i = 0; i < pieces.Count; i++)
        {
            vocab[pieces[i].Text] = i;
            if (pieces[i].Type is PieceType.Control or PieceType.Unknown) added.Add(Gpt2TokenizerJson.AddedToken(pieces[i].Text, i));
        }

        var candidates = new List<(float Score, int Merged, int Left, int Right)>();
        for (int id = 0; id < pieces.Count; id++)
        {
            Piece p = pieces[id];
            if (p.Type != PieceType.Normal) continue;
            string[] chars = CodePoints(p.Text);
            for (int cut = 1; cut < chars.Length; cut++)
            {
                string left = string.Concat(chars[..cut]), right = string.Concat(chars[cut..]);
                if (ids.TryGetValue(left, out int l) && ids.TryGetValue(right, out int r)) candidates.Add((p.Score, id, l, r));
            }
        }
        candidates.Sort((x, y) => y.Score != x.Score ? y.Score.CompareTo(x.Score)
            : x.Merged != y.Merged ? x.Merged.CompareTo(y.Merged)
            : x.Left != y.Left ? x.Left.CompareTo(y.Left) : x.Right.CompareTo(y.Right));
        var merges = new JsonArray();
        foreach (var c in candidates) merges.Add($"{pieces[c.Left].Text} {pieces[c.Right].Text}");

        JsonObject Replace(string from, string to) =>
            new() { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = from }, ["content"] = to };
        JsonNode? normalizer = metaspacePreTokenizer
            ? null
            : new JsonObject
            {
                ["type"] = "Sequence",
                ["normalizers"] = new JsonArray(new JsonObject { ["type"] = "Prepend", ["prepend"] = "\u2581" }, Replace(" ", "\u2581")),
            };
        JsonNode? preTokenizer = metaspacePreTokenizer
            ? new JsonObject { ["type"] = "Metaspace", ["replacement"] = "\u2581", ["prepend_scheme"] = "first", ["split"] = false }
            : null;
        JsonNode decoder = metaspacePreTokenizer
            ? new JsonObject { ["type"] = "Metaspace", ["replacement"] = "\u2581", ["prepend_scheme"] = "first", ["split"] = false }
            : new JsonObject
            {
                ["type"] = "Sequence",
                ["decoders"] = new JsonArray(
                    Replace("\u2581", " "),
                    new JsonObject { ["type"] = "ByteFallback" },
                    new JsonObject { ["type"] = "Fuse" },
                    new JsonObject { ["type"] = "Strip", ["content"] = " ", ["start"] = 1, ["stop"] = 0 }),
            };

        return new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = added,
            ["normalizer"] = normalizer,
            ["pre_tokenizer"] = preTokenizer,
            ["decoder"] = decoder,
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = "<unk>",
                ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null,
                ["fuse_unk"] = true,
                ["byte_fallback"] = true,
                ["vocab"] = vocab,
                ["merges"] = merges,
            },
        };
    }

    // Pieces split at code points (a surrogate pair is one char of the vocabulary).
    private static string[] CodePoints(string s)
    {
        var result = new List<string>();
        for (int i = 0; i < s.Length; i += char.IsSurrogatePair(s, i) ? 2 : 1) result.Add(s.Substring(i, char.IsSurrogatePair(s, i) ? 2 : 1));
        return result.ToArray();
    }
}
