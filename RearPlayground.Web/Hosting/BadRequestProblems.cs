using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace RearPlayground.Web.Hosting;

/// <summary>
/// A request the endpoints could not even bind (JSON that is malformed or of the wrong type, <c>page=abc</c>, a body
/// that is not JSON) throws <see cref="BadHttpRequestException"/> (RouteHandlerOptions.ThrowOnBadRequest): answered
/// here as 4xx problem details naming the field, where the framework would answer an empty 400.
/// </summary>
public sealed partial class BadRequestProblems : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || context.Response.HasStarted) return false;
        var (field, message) = Describe(bad);
        await ApiProblems.WriteAsync(context, bad.StatusCode, field, message);
        return true;
    }

    /// <summary>(field, message) for a binding failure.</summary>
    public static (string Field, string Message) Describe(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType) return ("body", ApiProblems.Describe(bad.StatusCode));
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge) return ("body", ApiProblems.Describe(bad.StatusCode));
        if (bad.InnerException is JsonException json)
        {
            var field = ApiProblems.FieldOfJsonPath(json.Path);
            return (field, JsonMessage(field, json));
        }
        if (Parameter().Match(bad.Message) is { Success: true } m)
        {
            var (type, name) = (m.Groups["type"].Value, ApiProblems.CamelCase(m.Groups["name"].Value));
            if (bad.Message.StartsWith("Failed to bind", StringComparison.Ordinal))
                return (name, $"{name} must be {Kind(type)}");
            if (bad.Message.StartsWith("Required", StringComparison.Ordinal)) return (name, $"{name} is required");
            return (name, $"{name} could not be read: {bad.Message}");
        }
        return ("body", "the request body could not be read");
    }

    // "The JSON value could not be converted to System.Int32. Path: $.n | LineNumber: 0 | BytePositionInLine: 9."
    private static string JsonMessage(string field, JsonException json)
    {
        var text = json.Message;
        var at = text.IndexOf(" Path:", StringComparison.Ordinal);
        if (at >= 0) text = text[..at];
        var converted = Converted().Match(text);
        // A lone surrogate or bad UTF-8 says so in the inner exception.
        var why = json.InnerException is { } inner ? $" ({inner.Message.TrimEnd('.')})" : "";
        return converted.Success
            ? $"{field} must be {Kind(converted.Groups["type"].Value.TrimEnd('.'))}{why}"
            : $"{field}: not valid JSON ({text.TrimEnd('.')}){why}";
    }

    private static string Kind(string type) => type.TrimEnd('?').Split('.')[^1] switch
    {
        "int" or "long" or "Int32" or "Int64" or "short" or "Int16" => "a whole number",
        "double" or "float" or "decimal" or "Double" or "Single" or "Decimal" => "a number",
        "bool" or "Boolean" => "true or false",
        "Guid" => "a GUID",
        "string" or "String" => "a string",
        "DateTime" or "DateTimeOffset" => "a date",
        var other when other.StartsWith("Nullable", StringComparison.Ordinal) => Kind(other[9..^1]),
        _ => "a value of the right type",
    };

    [GeneratedRegex("parameter \"(?<type>\\S+) (?<name>[^\"\\s]+)\"")]
    private static partial Regex Parameter();

    [GeneratedRegex("could not be converted to (?<type>[\\w.`\\[\\]]+)")]
    private static partial Regex Converted();
}
