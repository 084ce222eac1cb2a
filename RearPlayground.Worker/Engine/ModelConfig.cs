using System.Text.Json;

namespace RearPlayground.Worker.Engine;

/// <summary>Facts from <c>config.json</c> and <c>generation_config.json</c>; every field is optional in real exports.</summary>
public sealed record ModelConfig(
    int? BosId,
    IReadOnlyList<int> EosIds,
    int? MaxPositions,
    int? VocabSize,
    int? NumKeyValueHeads,
    int? HeadDim,
    int? HiddenSize,
    string? ModelType)
{
    public static ModelConfig Load(string folder)
    {
        var config = ReadJson(Path.Combine(folder, "config.json"));
        var generation = ReadJson(Path.Combine(folder, "generation_config.json"));
        int? heads = Int(config, "num_attention_heads");
        int? hidden = Int(config, "hidden_size");
        int? headDim = Int(config, "head_dim") ?? (heads > 0 && hidden is not null ? hidden / heads : null);
        // generation_config.json wins for special ids: it is what generate() uses.
        var eos = IntList(generation, "eos_token_id");
        if (eos.Count == 0) eos = IntList(config, "eos_token_id");
        return new ModelConfig(
            Int(generation, "bos_token_id") ?? Int(config, "bos_token_id"),
            eos,
            Int(config, "max_position_embeddings") ?? Int(config, "n_positions") ?? Int(config, "max_sequence_length"),
            Int(config, "vocab_size"),
            Int(config, "num_key_value_heads") ?? heads,
            headDim,
            hidden,
            config?.TryGetProperty("model_type", out var t) == true && t.ValueKind == JsonValueKind.String ? t.GetString() : null);
    }

    private static JsonElement? ReadJson(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

    private static int? Int(JsonElement? e, string name) =>
        e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i)
            ? i : null;

    private static List<int> IntList(JsonElement? e, string name)
    {
        if (e is not { ValueKind: JsonValueKind.Object } o || !o.TryGetProperty(name, out var v)) return [];
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var one)) return [one];
        if (v.ValueKind != JsonValueKind.Array) return [];
        return v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Number).Select(x => x.GetInt32()).ToList();
    }
}
