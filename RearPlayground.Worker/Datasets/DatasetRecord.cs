using System.Text.Json.Nodes;

namespace RearPlayground.Worker.Datasets;

/// <summary>One record of a data file as read: its 1-based row (line where it starts), its fields, or why it could not be read.</summary>
public sealed record DatasetRecord(int Row, JsonObject? Fields, string? Error)
{
    public static DatasetRecord Bad(int row, string reason) => new(row, null, reason);
}

/// <summary>A problem with the whole file or the mapping (a missing column, an unsupported type, an empty file): the API's 400.</summary>
public sealed class DatasetException(string field, string message) : FormatException(message)
{
    /// <summary>The request field the problem is about (<c>file</c>, <c>mapping</c>, <c>preset</c>, <c>delimiter</c>).</summary>
    public string Field { get; } = field;
}
