using System.Security.Claims;
using System.Text.Json.Nodes;
using RearPlayground.Data.Annotations;
using RearPlayground.Data.Runs;
using RearPlayground.Web.Runs;

namespace RearPlayground.Web.Annotations;

/// <summary>
/// Annotations over HTTP, for scripts: the Annotate page calls the same <see cref="AnnotationService"/> in-process, so
/// both take the same rules. Only the author changes or deletes an annotation (403 otherwise). Listing a run's annotations gives the
/// caller's own, and everyone else's only once the caller has judged the run (best, rank or pair), as the Annotate
/// page does, so a script cannot peek before judging; admins see all, and the exports (/api/export/*) are the
/// deliberate way to take everything. X-Annotations-Hidden says how many were left out.
/// </summary>
public static class AnnotationEndpoints
{
    /// <summary>
    /// A new or changed annotation. <c>value</c>: the rank as an array of candidate indices (best first) or the pair
    /// as <c>{"left":i,"right":j,"choice":"left|right|tie"}</c> (a JSON string holding either is taken too).
    /// </summary>
    public sealed record AnnotationBody(string? Kind, int? CandidateIndex, JsonNode? Value, string? Comment);

    public static void MapAnnotationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/runs/{id:guid}/annotations").RequireAuthorization().WithTags("Annotations");
        group.MapGet("/", List);
        group.MapPost("/", Add);
        group.MapPut("/{annotationId:long}", Update);
        group.MapDelete("/{annotationId:long}", Delete);
        app.MapGet("/api/annotate/queue", Queue).RequireAuthorization().WithTags("Annotations");
    }

    private static async Task<IResult> List(Guid id, IRunStore runs, AnnotationService annotations, ClaimsPrincipal user, HttpResponse response, CancellationToken ct)
    {
        if (await runs.FindAsync(id, ct) is null) return NoRun(id);
        var all = await annotations.ListAsync(id, ct);
        var visible = Visible(all, Annotator(user), user.IsInRole(Accounts.Roles.Admin));
        response.Headers["X-Annotations-Hidden"] = (all.Count - visible.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Ok(visible.Select(AnnotationJson.Of));
    }

    /// <summary>What <paramref name="annotator"/> may see of a run's annotations: their own, and the rest once they judged it or if admin.</summary>
    public static IReadOnlyList<Data.Entities.AnnotationEntity> Visible(IReadOnlyList<Data.Entities.AnnotationEntity> all, string annotator, bool admin) =>
        admin || all.Any(a => a.Annotator == annotator && AnnotationKinds.Judgements.Contains(a.Kind))
            ? all : [.. all.Where(a => a.Annotator == annotator)];

    private static async Task<IResult> Add(Guid id, AnnotationBody? body, AnnotationService annotations, ClaimsPrincipal user, CancellationToken ct)
    {
        if (body is null) return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["an annotation is required"] });
        var result = await annotations.AddAsync(id, Annotator(user), Input(body), ct);
        return result.Outcome == AnnotationOutcome.Ok
            ? Results.Created($"/api/runs/{id}/annotations/{result.Annotation!.Id}", AnnotationJson.Of(result.Annotation))
            : Refused(result, id, null);
    }

    private static async Task<IResult> Update(Guid id, long annotationId, AnnotationBody? body, AnnotationService annotations, ClaimsPrincipal user, CancellationToken ct)
    {
        if (body is null) return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["an annotation is required"] });
        var result = await annotations.UpdateAsync(id, annotationId, Annotator(user), Input(body), ct);
        return result.Outcome == AnnotationOutcome.Ok ? Results.Ok(AnnotationJson.Of(result.Annotation!)) : Refused(result, id, annotationId);
    }

    private static async Task<IResult> Delete(Guid id, long annotationId, AnnotationService annotations, ClaimsPrincipal user, CancellationToken ct)
    {
        var result = await annotations.DeleteAsync(id, annotationId, Annotator(user), ct);
        return result.Outcome == AnnotationOutcome.Ok ? Results.NoContent() : Refused(result, id, annotationId);
    }

    private static async Task<IResult> Queue(AnnotationService annotations, ClaimsPrincipal user, CancellationToken ct,
        string order = "oldest", int page = 1, int pageSize = 20)
    {
        if (order is not ("oldest" or "newest"))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["order"] = [$"order must be oldest or newest, not '{order}'"] });
        // The answer names the page and size applied, as the store clamps them.
        pageSize = Math.Clamp(pageSize, 1, AnnotationStore.MaxPageSize);
        page = Math.Clamp(page, 1, int.MaxValue / pageSize);
        var (items, total) = await annotations.QueueAsync(Annotator(user), order == "newest", page, pageSize, ct);
        return Results.Ok(new
        {
            items = items.Select(i =>
            {
                var json = RunJsonMapper.Summary(i.Run);
                json["candidates"] = i.Candidates;
                return json;
            }),
            total, page, pageSize, order,
        });
    }

    private static AnnotationInput Input(AnnotationBody body) =>
        new(body.Kind, body.CandidateIndex, AnnotationJson.ValueText(body.Value), body.Comment);

    private static IResult Refused(AnnotationResult result, Guid runId, long? annotationId) => result.Outcome switch
    {
        AnnotationOutcome.Invalid => Results.ValidationProblem(new Dictionary<string, string[]> { [result.Field!] = [result.Message!] }),
        AnnotationOutcome.NotAuthor => Results.Problem($"annotation {annotationId} belongs to another annotator: only its author changes or deletes it",
            statusCode: StatusCodes.Status403Forbidden),
        _ when annotationId is null => NoRun(runId),
        _ => Results.Problem($"run {runId} has no annotation {annotationId}", statusCode: StatusCodes.Status404NotFound),
    };

    private static IResult NoRun(Guid id) => Results.Problem($"no run {id}", statusCode: StatusCodes.Status404NotFound);

    /// <summary>The signed-in user's name, as runs record their owner.</summary>
    public static string Annotator(ClaimsPrincipal user) => user.Identity?.Name ?? user.FindFirstValue(ClaimTypes.Email) ?? "unknown";
}
