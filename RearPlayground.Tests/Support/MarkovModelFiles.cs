using System.Text.Json;

namespace RearPlayground.Tests.Support;

/// <summary>
/// Writes the files of a <see cref="MarkovModel"/> folder: the ONNX graph, config.json, tokenizer.json and
/// tokenizer_config.json, shaped like a Hugging Face export so the engine's ordinary loader reads them.
/// </summary>
internal static class MarkovModelFiles
{
    /// <summary>
    /// logits = Gather(table, input_ids): row s is the table row of the token at s, whatever came before.
    /// One KV layer (1 head, head_dim 1) so the engine's cache plumbing runs for real: the key appends the
    /// token ids and the value the position ids, which also keeps position_ids a used input.
    /// attention_mask is declared but unused, as the brief allows (ORT accepts unused inputs).
    /// </summary>
    public static byte[] Onnx(float[] table, int vocab) =>
        new OnnxGraphBuilder("markov")
            .FloatInitializer("table", [vocab, vocab], table)
            .Int64Initializer("kv_axes", [2], [1, 3])
            .Node("Gather", ["table", "input_ids"], ["logits"], ("axis", 0))
            .Node("Cast", ["input_ids"], ["ids_f"], ("to", OnnxGraphBuilder.Float))
            .Node("Unsqueeze", ["ids_f", "kv_axes"], ["new_key"])
            .Node("Concat", ["past_key_values.0.key", "new_key"], ["present.0.key"], ("axis", 2))
            .Node("Cast", ["position_ids"], ["pos_f"], ("to", OnnxGraphBuilder.Float))
            .Node("Unsqueeze", ["pos_f", "kv_axes"], ["new_value"])
            .Node("Concat", ["past_key_values.0.value", "new_value"], ["present.0.value"], ("axis", 2))
            .Input("input_ids", OnnxGraphBuilder.Int64, "batch", "seq")
            .Input("attention_mask", OnnxGraphBuilder.Int64, "batch", "total")
            .Input("position_ids", OnnxGraphBuilder.Int64, "batch", "seq")
            .Input("past_key_values.0.key", OnnxGraphBuilder.Float, "batch", 1, "past", 1)
            .Input("past_key_values.0.value", OnnxGraphBuilder.Float, "batch", 1, "past", 1)
            .Output("logits", OnnxGraphBuilder.Float, "batch", "seq", vocab)
            .Output("present.0.key", OnnxGraphBuilder.Float, "batch", 1, "total", 1)
            .Output("present.0.value", OnnxGraphBuilder.Float, "batch", 1, "total", 1)
            .ToModel();

    public static string Config(int vocab, int bosId, int eosId) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["model_type"] = "markov",
        ["bos_token_id"] = bosId,
        ["eos_token_id"] = eosId,
        ["vocab_size"] = vocab,
        ["max_position_embeddings"] = 4096,
        ["num_hidden_layers"] = 1,
        ["num_key_value_heads"] = 1,
        ["head_dim"] = 1,
    });

    /// <summary>
    /// Every vocabulary string is an added token with its index as id, so encoding cuts them out of the text
    /// literally (leftmost-longest) and decoding writes their content back verbatim; "\n\n" or " a" need no
    /// byte-level alphabet. BOS/EOS are special (dropped by Decode(skipSpecial: true)), the rest are not.
    /// They are also the BPE vocab (no merges), as in real files where added tokens sit in the vocab too.
    /// </summary>
    public static string TokenizerJson(IReadOnlyList<string> vocabulary, int bosId, int eosId)
    {
        var added = vocabulary.Select((content, id) => new Dictionary<string, object>
        {
            ["id"] = id,
            ["content"] = content,
            ["single_word"] = false,
            ["lstrip"] = false,
            ["rstrip"] = false,
            ["normalized"] = false,
            ["special"] = id == bosId || id == eosId,
        });
        var vocab = vocabulary.Select((content, id) => (content, id)).ToDictionary(x => x.content, x => x.id);
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["version"] = "1.0",
            ["added_tokens"] = added.ToArray(),
            ["normalizer"] = null,
            ["pre_tokenizer"] = null,
            ["post_processor"] = null,
            ["decoder"] = null,
            ["model"] = new Dictionary<string, object>
            {
                ["type"] = "BPE",
                ["vocab"] = vocab,
                ["merges"] = Array.Empty<string>(),
            },
        });
    }

    /// <summary>BOS/EOS strings for the tokenizer; no chat_template, so the model loads as a plain LM.</summary>
    public static string TokenizerConfig(IReadOnlyList<string> vocabulary, int bosId, int eosId) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["bos_token"] = vocabulary[bosId],
            ["eos_token"] = vocabulary[eosId],
            ["add_bos_token"] = true,
        });
}
