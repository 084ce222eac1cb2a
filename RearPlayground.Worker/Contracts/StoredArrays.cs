using System.Text.Json;

namespace RearPlayground.Worker.Contracts;

/// <summary>
/// The one reader of a stored row's per-token arrays (ℓ0, ℓp, token ids). They are read with <see cref="StoredJson.Options"/>,
/// so an ℓ stored as "-Infinity" comes back as −∞ instead of failing the read.
/// </summary>
public static class StoredArrays
{
    /// <summary>ℓ0 or ℓp per token; an empty or "null" column is no tokens.</summary>
    public static float[] LogProbs(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<float[]>(json, StoredJson.Options) ?? [];

    public static int[] TokenIds(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<int[]>(json, StoredJson.Options) ?? [];
}
