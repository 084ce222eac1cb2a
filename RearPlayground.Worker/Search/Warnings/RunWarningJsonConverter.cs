using System.Text.Json;
using System.Text.Json.Serialization;

namespace RearPlayground.Worker.Search.Warnings;

/// <summary>
/// Writes <c>{"code","message"}</c>. Reads that, and also a plain string, as runs and <c>runFinished</c> events stored
/// before warnings had codes hold them: such a string becomes code <see cref="RunWarning.Note"/> with the string as message.
/// </summary>
public sealed class RunWarningJsonConverter : JsonConverter<RunWarning>
{
    public override RunWarning Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return new RunWarning(RunWarning.Note, reader.GetString()!);
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("a warning is a string or {code, message}");
        string? code = null, message = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (string.Equals(name, "code", StringComparison.OrdinalIgnoreCase)) code = reader.GetString();
            else if (string.Equals(name, "message", StringComparison.OrdinalIgnoreCase)) message = reader.GetString();
            else reader.Skip();
        }
        return new RunWarning(string.IsNullOrEmpty(code) ? RunWarning.Note : code, message ?? "");
    }

    public override void Write(Utf8JsonWriter writer, RunWarning value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("code", value.Code);
        writer.WriteString("message", value.Message);
        writer.WriteEndObject();
    }

    /// <summary>A run row's <c>WarningsJson</c> (null, old strings or objects) as warnings; unreadable text reads as none.</summary>
    public static IReadOnlyList<RunWarning> ReadStored(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        try { return JsonSerializer.Deserialize<RunWarning[]>(json) ?? []; }
        catch (JsonException) { return []; }
    }
}
