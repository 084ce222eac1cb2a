using System.Text.Json;
using System.Text.Json.Serialization;

namespace RearPlayground.Worker.Datasets;

/// <summary>
/// Which column is the question, the preference, the reference answer, the system prompt and the id. A column may
/// also name a role inside a chat column: <c>messages[system]</c> is the content of the last message with role
/// "system" in the column "messages" (a list of <c>{role, content}</c>), <c>messages[user]</c> the last user turn.
/// </summary>
public sealed record DatasetMapping(string Question, string? Preference = null, string? Answer = null, string? System = null, string? Id = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Without a mapping: the columns of those names.</summary>
    public static readonly DatasetMapping Default = new("question", "preference", "answer", "system", "id");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The API's <c>mapping</c> field; a <see cref="DatasetException"/> naming the problem.</summary>
    public static DatasetMapping Parse(string json)
    {
        DatasetMapping? mapping;
        try
        {
            mapping = JsonSerializer.Deserialize<DatasetMapping>(json, Json);
        }
        catch (JsonException e)
        {
            throw new DatasetException("mapping", $"the mapping is not valid JSON {{question, preference?, answer?, system?, id?}}: {e.Message.Split(" Path:")[0]}");
        }
        if (mapping is null || string.IsNullOrWhiteSpace(mapping.Question))
            throw new DatasetException("mapping", "the mapping must name the question column: {\"question\": \"…\"}");
        return mapping with
        {
            Question = mapping.Question.Trim(),
            Preference = Blank(mapping.Preference), Answer = Blank(mapping.Answer), System = Blank(mapping.System), Id = Blank(mapping.Id),
        };
    }

    /// <summary>(field, column) for the fields that name one.</summary>
    public IEnumerable<(string Field, string Column)> Fields()
    {
        yield return ("question", Question);
        if (Preference is not null) yield return ("preference", Preference);
        if (Answer is not null) yield return ("answer", Answer);
        if (System is not null) yield return ("system", System);
        if (Id is not null) yield return ("id", Id);
    }

    /// <summary>The column a field names, without a <c>[role]</c> part.</summary>
    public static string ColumnOf(string reference) =>
        reference.EndsWith(']') && reference.LastIndexOf('[') is > 0 and var open ? reference[..open] : reference;

    /// <summary>The role in <c>column[role]</c>, else null.</summary>
    public static string? RoleOf(string reference) =>
        reference.EndsWith(']') && reference.LastIndexOf('[') is > 0 and var open ? reference[(open + 1)..^1] : null;

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
