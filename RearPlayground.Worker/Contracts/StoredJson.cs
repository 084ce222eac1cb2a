using System.Text.Json;
using System.Text.Json.Serialization;

namespace RearPlayground.Worker.Contracts;

/// <summary>
/// The JSON of everything a run stores or sends (requests, events, candidates, reports, the CLI's <c>--json</c>):
/// camelCase, enums by camelCase name, and −∞ / NaN written as "-Infinity" / "NaN" (a masked logit or an fp16
/// underflow is a real log-prob, and plain JSON has no number for it).
/// </summary>
public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
