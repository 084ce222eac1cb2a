using System.Text.Json;
using System.Text.Json.Nodes;
using RearPlayground.Data.Annotations;
using RearPlayground.Web.Annotations;
using RearPlayground.Web.Runs;

namespace RearPlayground.Web.Export;

/// <summary>
/// Whole runs as ONE JSON array (not JSONL: a run with its tree is one large object that tools load whole): each
/// element is the API's full run JSON (<see cref="RunJsonMapper.Full"/>, as GET /api/runs/{id} answers) plus
/// <c>"annotations"</c>, the run's annotations that matched the filter (<see cref="AnnotationJson"/>).
/// </summary>
public static class RunsExporter
{
    public const string ContentType = "application/json";

    public static JsonObject Run(AnnotatedRun run)
    {
        var json = RunJsonMapper.Full(run.Run, run.Candidates, run.Nodes);
        json["annotations"] = new JsonArray([.. run.Annotations.Select(AnnotationJson.Of)]);
        return json;
    }

    /// <summary>Writes the array run by run, so a large export is never one string in memory.</summary>
    public static async Task WriteAsync(Stream stream, IEnumerable<AnnotatedRun> runs, CancellationToken ct = default)
    {
        await using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = DpoExporter.Json.Encoder });
        writer.WriteStartArray();
        foreach (var run in runs)
        {
            Run(run).WriteTo(writer);
            await writer.FlushAsync(ct);
        }
        writer.WriteEndArray();
        await writer.FlushAsync(ct);
    }
}
