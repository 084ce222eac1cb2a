using System.Text.Json;

namespace RearPlayground.Worker.Batches.Report;

/// <summary>
/// What one batch item is judged against: its reference answer and the units its answer may carry, or, when it has no
/// answer, the rule checks of the Evaluate flow (must mention one of a list, at most a number of words).
/// </summary>
public sealed record ItemTruth(string? Answer, IReadOnlyList<string>? Units = null, IReadOnlyList<string>? MustMention = null, int? MaxWords = null)
{
    public bool HasAnswer => !string.IsNullOrWhiteSpace(Answer);

    /// <summary>Whether the item can be judged at all (an answer or a rule check).</summary>
    public bool Judgeable => HasAnswer || MustMention is not null || MaxWords is not null;

    /// <summary>
    /// From a dataset item's reference answer and metadata (a JSON object, the unmapped columns): <c>units</c> (a string
    /// or an array of strings), <c>mustMention</c> (the same) and <c>maxWords</c> (a number) are read; the rest is ignored.
    /// </summary>
    public static ItemTruth From(string? answer, string? metadataJson)
    {
        if (string.IsNullOrWhiteSpace(metadataJson)) return new ItemTruth(answer);
        using var doc = JsonDocument.Parse(metadataJson);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return new ItemTruth(answer);
        var root = doc.RootElement;
        int? maxWords = root.TryGetProperty("maxWords", out var m) && m.ValueKind == JsonValueKind.Number && m.TryGetInt32(out var v) ? v
            : root.TryGetProperty("maxWords", out m) && m.ValueKind == JsonValueKind.String && int.TryParse(m.GetString(), out v) ? v : null;
        return new ItemTruth(answer, Strings(root, "units"), Strings(root, "mustMention"), maxWords);
    }

    private static IReadOnlyList<string>? Strings(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array => [.. value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
            _ => null,
        };
    }
}
