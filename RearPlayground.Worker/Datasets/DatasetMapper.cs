using System.Text.Json;
using System.Text.Json.Nodes;

namespace RearPlayground.Worker.Datasets;

/// <summary>One record → one <see cref="DatasetItem"/> under a mapping, or the reason it is skipped.</summary>
public static class DatasetMapper
{
    public static DatasetItem? Map(DatasetRecord record, DatasetMapping mapping, int position, out string? reason)
    {
        reason = record.Error;
        if (record.Fields is not { } fields) return null;
        var question = Value(fields, mapping.Question, out reason);
        if (reason is not null) return null;
        if (string.IsNullOrWhiteSpace(question))
        {
            reason = $"empty question ({mapping.Question})";
            return null;
        }
        string? Optional(string? reference) => reference is null ? null : Value(fields, reference, out _) is { Length: > 0 } v ? v : null;
        var used = mapping.Fields().Select(f => DatasetMapping.ColumnOf(f.Column)).ToHashSet();
        var metadata = new JsonObject();
        foreach (var (key, value) in fields)
            if (!used.Contains(key)) metadata[key] = value?.DeepClone();
        return new DatasetItem(position, record.Row, Optional(mapping.Id), question, Optional(mapping.Preference), Optional(mapping.Answer),
            Optional(mapping.System), metadata.Count > 0 ? metadata.ToJsonString() : null);
    }

    /// <summary>A column as text: strings as they are, numbers and booleans as JSON writes them, <c>column[role]</c> from a chat column.</summary>
    private static string? Value(JsonObject fields, string reference, out string? problem)
    {
        problem = null;
        var column = DatasetMapping.ColumnOf(reference);
        var node = fields[column];
        if (DatasetMapping.RoleOf(reference) is { } role)
        {
            var messages = node is JsonArray a ? a : node is JsonValue v && v.TryGetValue<string>(out var s) ? TryArray(s) : null;
            if (messages is null)
            {
                problem = $"{column} is not a list of {{role, content}} messages";
                return null;
            }
            var content = messages.OfType<JsonObject>().LastOrDefault(m => m["role"]?.GetValueKind() == JsonValueKind.String
                && string.Equals(m["role"]!.GetValue<string>(), role, StringComparison.OrdinalIgnoreCase))?["content"];
            if (content is null) problem = $"no '{role}' message in {column}";
            return content is null ? null : Text(content);
        }
        return node is null ? null : Text(node);
    }

    private static string Text(JsonNode node) => node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();

    private static JsonArray? TryArray(string text)
    {
        try { return JsonNode.Parse(text) as JsonArray; }
        catch (JsonException) { return null; }
    }
}
