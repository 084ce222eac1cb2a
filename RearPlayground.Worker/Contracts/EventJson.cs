using System.Text.Json;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Worker.Contracts;

/// <summary>Search events as JSON lines (<c>run --events</c>): a "type" field names each event.</summary>
public static class EventJson
{
    public static string Serialize(SearchEvent e) => JsonSerializer.Serialize(e, StoredJson.Options);

    public static SearchEvent Deserialize(string line) =>
        JsonSerializer.Deserialize<SearchEvent>(line, StoredJson.Options) ?? throw new FormatException("empty event line");
}
