using System.Globalization;
using RearPlayground.Data.Annotations;

namespace RearPlayground.Web.Export;

/// <summary>
/// The exports as downloads, for scripts and for the Export page, whose buttons are plain links here (the browser's
/// sign-in cookie authorises them): one code path for both. Filters: annotator, from, to (yyyy-MM-dd, UTC days,
/// inclusive), model; the DPO export also takes pairs=adjacent|all.
/// </summary>
public static class ExportEndpoints
{
    public const string DpoPath = "/api/export/dpo.jsonl", RunsPath = "/api/export/runs.json", ScoresPath = "/api/export/scores.csv";

    public static void MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/export").RequireAuthorization().WithTags("Export");
        group.MapGet("/dpo.jsonl", (IAnnotationStore store, TimeProvider time, CancellationToken ct, string? annotator, string? from, string? to, string? model, string? pairs) =>
            Download(store, time, ct, annotator, from, to, model, pairs, false, "dpo", "jsonl", DpoExporter.ContentType,
                (stream, runs, q, token) => DpoExporter.WriteAsync(stream, runs, q.Pairs, token)));
        group.MapGet("/runs.json", (IAnnotationStore store, TimeProvider time, CancellationToken ct, string? annotator, string? from, string? to, string? model) =>
            Download(store, time, ct, annotator, from, to, model, null, true, "runs", "json", RunsExporter.ContentType,
                (stream, runs, _, token) => RunsExporter.WriteAsync(stream, runs, token)));
        group.MapGet("/scores.csv", (IAnnotationStore store, TimeProvider time, CancellationToken ct, string? annotator, string? from, string? to, string? model) =>
            Download(store, time, ct, annotator, from, to, model, null, false, "scores", "csv", ScoresCsvExporter.ContentType,
                (stream, runs, _, token) => ScoresCsvExporter.WriteAsync(stream, runs, token)));
    }

    private static async Task<IResult> Download(IAnnotationStore store, TimeProvider time, CancellationToken ct, string? annotator, string? from, string? to, string? model,
        string? pairs, bool includeTree, string name, string extension, string contentType,
        Func<Stream, IReadOnlyList<AnnotatedRun>, ExportQuery, CancellationToken, Task> write)
    {
        var (query, errors) = ExportQuery.Parse(annotator, from, to, model, pairs);
        if (query is null) return Results.ValidationProblem(errors);
        var fileName = $"rear-{name}-{time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.{extension}";
        // Read before the response starts, so a failing query is still a proper error response.
        var runs = await store.ExportAsync(query.Filter, includeTree, ct);
        return Results.Stream(stream => write(stream, runs, query, ct), contentType + "; charset=utf-8", fileName);
    }
}
