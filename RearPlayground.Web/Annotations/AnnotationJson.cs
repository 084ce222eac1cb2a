using System.Text.Json.Nodes;
using RearPlayground.Data.Annotations;
using RearPlayground.Data.Entities;

namespace RearPlayground.Web.Annotations;

/// <summary>
/// An annotation as the API and the runs export write it: <c>{"id","runId","annotator","kind","candidateIndex",
/// "value","comment","at","updatedAt"}</c>; <c>value</c> is the rank's array, the pair's object, the best pick's
/// index, or null for a comment.
/// </summary>
public static class AnnotationJson
{
    public static JsonObject Of(AnnotationEntity a) => new()
    {
        ["id"] = a.Id,
        ["runId"] = a.RunId,
        ["annotator"] = a.Annotator,
        ["kind"] = a.Kind,
        ["candidateIndex"] = a.CandidateIndex,
        ["value"] = Value(a),
        ["comment"] = a.Comment,
        ["at"] = a.At,
        ["updatedAt"] = a.UpdatedAt,
    };

    private static JsonNode? Value(AnnotationEntity a) => a.Kind switch
    {
        AnnotationKinds.Best => a.CandidateIndex,
        AnnotationKinds.Rank or AnnotationKinds.Pair => Parse(a.Value),
        _ => null,
    };

    private static JsonNode? Parse(string value)
    {
        try
        {
            return JsonNode.Parse(value);
        }
        catch (System.Text.Json.JsonException)
        {
            return value;
        }
    }

    /// <summary>
    /// A request body's value as the store takes it: a JSON string as is (so <c>"[2,0,1]"</c> works too), any other
    /// JSON (array, object, number) as its text.
    /// </summary>
    public static string? ValueText(JsonNode? value) =>
        value is null ? null
        : value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>()
        : value.ToJsonString();
}
