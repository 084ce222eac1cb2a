using System.Text.Json;
using System.Text.RegularExpressions;

namespace RearPlayground.Worker.Engine.Tokenization;

/// <summary>
/// Small typed accessors for tokenizer.json fields; a missing or mistyped field becomes an
/// <see cref="InvalidDataException"/> naming the field, which the loader turns into a ModelLoadException.
/// </summary>
internal static class HfJson
{
    public static string Type(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("type", out JsonElement t) || t.ValueKind != JsonValueKind.String)
            throw new InvalidDataException($"{what} has no \"type\"");
        return t.GetString()!;
    }

    public static string String(JsonElement element, string name) =>
        OptionalString(element, name) ?? throw new InvalidDataException($"missing string field \"{name}\"");

    public static string? OptionalString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    public static bool Bool(JsonElement element, string name, bool fallback) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? v.GetBoolean()
            : fallback;

    public static JsonElement.ArrayEnumerator Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray()
            : throw new InvalidDataException($"missing array field \"{name}\"");

    public static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement v)
            ? v
            : default; // ValueKind Undefined: treated like null by callers

    /// <summary>A Replace/Split <c>pattern</c>: <c>{"String": ...}</c> (literal) or <c>{"Regex": ...}</c>.</summary>
    public static Regex Pattern(JsonElement element)
    {
        JsonElement pattern = Property(element, "pattern");
        if (OptionalString(pattern, "String") is string literal) return Compile(Regex.Escape(literal));
        if (OptionalString(pattern, "Regex") is string regex) return Compile(regex);
        throw new InvalidDataException("pattern is neither {\"String\": ...} nor {\"Regex\": ...}");
    }

    public static Regex Compile(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new NotSupportedException($"regex /{pattern}/ is not valid in .NET ({e.Message})", e);
        }
    }
}
