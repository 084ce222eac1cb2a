using System.Security.Claims;
using RearPlayground.Web.Runs;

namespace RearPlayground.Web.Batches;

/// <summary>The batches HTTP API. Every route needs a signed-in team member; the batch's owner or an admin cancels it.</summary>
public static class BatchEndpoints
{
    public static void MapBatchEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/batches").RequireAuthorization().WithTags("Batches");
        group.MapPost("/", Start)
            .WithSummary("Start a batch: a dataset (all items or range {from, count}) × one run configuration")
            .WithDescription("Body {datasetId, range?, request: {run fields as POST /api/runs}, selectors?, answer?: {extractor: boxed|number|regex|text, " +
                "pattern?}}. Every item becomes a stored run linked to the batch. 400 names the field (request.* for the run fields).")
            .ProducesValidationProblem();
        group.MapGet("/", List);
        group.MapGet("/compare", Compare)
            .WithSummary("Two batches compared: the settings that differ and per selector B − A with a paired bootstrap 95% interval");
        group.MapGet("/{id:guid}", Get)
            .WithSummary("A batch: status, items, done, failed, runIds, etaSeconds, itemList and report {selectors, curve, items}")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/cancel", Cancel)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id:guid}/report", Report)
            .WithSummary("The batch's report as JSON; recompute=true computes it again from the stored runs (and keeps it once the batch ended)");
        group.MapGet("/{id:guid}/report.csv", Csv).WithSummary("The report as CSV: kind,selector,n,accuracy,low,high,items");
    }

    private static async Task<IResult> Start(BatchBody? body, BatchService service, ClaimsPrincipal user, CancellationToken ct)
    {
        if (body is null) return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["a batch request is required"] });
        var (id, errors) = await service.StartAsync(body, RunPermissions.Name(user) ?? "unknown", ct);
        if (id is null) return Results.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value));
        return Results.Created($"/api/batches/{id}", new { id });
    }

    private static async Task<IResult> List(BatchQueries queries, CancellationToken ct) =>
        Results.Ok((await queries.ListAsync(ct)).Select(r => BatchJson.Summary(new BatchEntityRow(r.Batch, r.Dataset, r.Progress))));

    private static async Task<IResult> Get(Guid id, BatchQueries queries, CancellationToken ct) =>
        await queries.FindAsync(id, ct: ct) is { } view ? Results.Ok(BatchJson.Full(view)) : NotFound(id);

    private static async Task<IResult> Cancel(Guid id, BatchQueries queries, BatchService service, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await queries.FindAsync(id, withReport: false, ct) is not { } view) return NotFound(id);
        if (view.Batch.Owner != RunPermissions.Name(user) && !RunPermissions.IsAdmin(user))
            return Results.Problem("only the batch's owner or an admin can cancel it", statusCode: StatusCodes.Status403Forbidden);
        return await service.CancelAsync(id, ct) switch
        {
            null => NotFound(id),
            false => Results.Problem($"batch {id} has already ended ({RunJsonMapper.Status(view.Batch.Status)})", statusCode: StatusCodes.Status409Conflict),
            true => Results.Accepted($"/api/batches/{id}", new { id, status = "cancelling" }),
        };
    }

    private static async Task<IResult> Report(Guid id, BatchQueries queries, CancellationToken ct, bool recompute = false)
    {
        var report = recompute ? await queries.RecomputeAsync(id, ct) : (await queries.FindAsync(id, ct: ct))?.Report;
        if (report is null)
            return await queries.FindAsync(id, false, ct) is null ? NotFound(id)
                : Results.Problem($"batch {id} has no finished item to report yet", statusCode: StatusCodes.Status409Conflict);
        return Results.Ok(BatchJson.Report(report));
    }

    private static async Task<IResult> Csv(Guid id, BatchQueries queries, CancellationToken ct)
    {
        if (await queries.FindAsync(id, ct: ct) is not { } view) return NotFound(id);
        if (view.Report is null) return Results.Problem($"batch {id} has no finished item to report yet", statusCode: StatusCodes.Status409Conflict);
        return Results.Text(BatchJson.Csv(view.Report), "text/csv", System.Text.Encoding.UTF8);
    }

    private static async Task<IResult> Compare(BatchQueries queries, CancellationToken ct, Guid? a = null, Guid? b = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (a is null) errors["a"] = ["a (a batch id) is required"];
        if (b is null) errors["b"] = ["b (a batch id) is required"];
        if (errors.Count > 0) return Results.ValidationProblem(errors);
        var comparison = await queries.CompareAsync(a!.Value, b!.Value, ct);
        return comparison is null ? Results.Problem("no such batch: check a and b", statusCode: StatusCodes.Status404NotFound)
            : Results.Ok(BatchJson.Comparison(comparison));
    }

    private static IResult NotFound(Guid id) => Results.Problem($"no batch {id}", statusCode: StatusCodes.Status404NotFound);
}
