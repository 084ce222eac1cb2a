using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Web.Profiles;
using RearPlayground.Web.Runs.Inspection;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Selection;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Models;

namespace RearPlayground.Web.Runs;

/// <summary>The runs HTTP API. Every route needs a signed-in team member.</summary>
public static class RunEndpoints
{
    public static void MapRunEndpoints(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/runs").RequireAuthorization().WithTags("Runs");
        runs.MapPost("/", Submit);
        runs.MapGet("/", List);
        runs.MapGet("/{id:guid}", Get);
        runs.MapGet("/{id:guid}/events", Events);
        runs.MapPost("/{id:guid}/cancel", Cancel);
        runs.MapPost("/{id:guid}/rerun", Rerun);
        runs.MapGet("/{id:guid}/rescore", Rescore);
        runs.MapGet("/{id:guid}/picks", RunPicks.Get);
        runs.MapInspectionEndpoints();
        app.MapGet("/api/models", Models).RequireAuthorization().WithTags("Models");
    }

    /// <summary>The catalogue: each model's name, facts or load problem and variants; its server folder for admins only.</summary>
    private static IResult Models(ModelPool pool, ClaimsPrincipal user) => Results.Ok(pool.Catalog().Select(m => new
    {
        name = m.Name,
        folder = RunPermissions.IsAdmin(user) ? m.Folder : null,
        facts = m.Facts,
        error = m.Error,
        variants = m.Variants,
    }));

    private static async Task<IResult> Submit(RunRequest? request, RunService service, RunChecks checks, ProfileService profiles, ClaimsPrincipal user,
        CancellationToken ct,
        [FromHeader(Name = IdempotencyKeys.Header)]
        [Description("Optional, up to 200 printable ASCII characters (e.g. a UUID). The same key from the same user within 10 minutes " +
                     "answers the first run (200, same id) and starts no other; a new run is answered 202. The same key with " +
                     "another request body within the window is refused (422) and starts nothing.")]
        string? idempotencyKey = null)
    {
        if (idempotencyKey is not null && IdempotencyKeys.Problem(idempotencyKey) is { } keyProblem)
            return Results.ValidationProblem(new Dictionary<string, string[]> { [IdempotencyKeys.Header] = [keyProblem] });
        if (request is null) return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["a run request is required"] });
        // A named profile fills λ, γ, agg and scoreEos first (unknown or conflicting: 400), so the stored request has the values used.
        (request, var profileErrors) = await profiles.ResolveAsync(request, ct);
        if (profileErrors.Count > 0) return Results.ValidationProblem(profileErrors.ToDictionary(e => e.Key, e => e.Value));
        var errors = await checks.ValidateAsync(request, ct);
        if (errors.Count > 0) return Results.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value));
        var creation = await service.SubmitOnceAsync(request, Owner(user), idempotencyKey, ct: ct);
        var run = creation.Run;
        if (!creation.SameRequest)
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                [IdempotencyKeys.Header] = [$"this key was used within the last {RunService.IdempotencyWindow.TotalMinutes:0} minutes for " +
                    $"another request (run {run.Id}); send a new key for a new request"],
            }, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused for another request");
        var body = new { id = run.Id, status = RunJsonMapper.Status(run.Status) };
        // A repeated key: the first run, as it is now; nothing new was accepted.
        return creation.Created ? Results.Accepted($"/api/runs/{run.Id}", body) : Results.Ok(body);
    }

    /// <summary>
    /// A page of runs. <c>annotated</c>: true / false; <c>from</c> (inclusive) and <c>to</c> (exclusive): ISO instants
    /// or dates, UTC unless they say otherwise; <c>sort</c>: created, model, method, status, owner or duration; <c>desc</c>
    /// defaults to true for created and duration. The page and page size answered are the ones applied (clamped).
    /// </summary>
    private static async Task<IResult> List(IRunStore store, CancellationToken ct, int page = 1, int pageSize = 20,
        string? model = null, string? method = null, string? status = null, string? owner = null, string? text = null,
        bool? annotated = null, string? from = null, string? to = null, string? sort = null, bool? desc = null)
    {
        var errors = new Dictionary<string, string[]>();
        RunStatus? parsed = null;
        if (status is not null)
        {
            if (Enum.TryParse<RunStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s)) parsed = s;
            else errors["status"] = [$"unknown status '{status}'"];
        }
        var runSort = RunSort.Created;
        if (sort is not null && !RunSorts.TryParse(sort, out runSort))
            errors["sort"] = [$"unknown sort '{sort}': use {string.Join(", ", Enum.GetValues<RunSort>().Select(RunSorts.Name))}"];
        var created = (From: Instant(from, "from", errors), To: Instant(to, "to", errors));
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var query = new RunQuery(page, pageSize, model, method, parsed, owner, text, annotated, created.From, created.To,
            runSort, desc ?? RunSorts.DefaultDescending(runSort)).Clamped();
        var (items, total) = await store.ListAsync(query, ct);
        return Results.Ok(new { items = items.Select(RunJsonMapper.Summary), total, page = query.Page, pageSize = query.PageSize });
    }

    private static DateTimeOffset? Instant(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var instant)) return instant;
        errors[field] = [$"'{value}' is not a date or an ISO 8601 instant"];
        return null;
    }

    private static async Task<IResult> Get(Guid id, IRunStore store, CancellationToken ct)
    {
        var run = await store.FindAsync(id, ct);
        if (run is null) return NotFound(id);
        var greedy = (await store.BaselinesAsync(id, ct)).FirstOrDefault(b => b.Baseline == Baselines.Greedy);
        return Results.Ok(RunJsonMapper.Full(run, await store.CandidatesAsync(id, ct), await store.NodesAsync(id, ct), greedy));
    }

    private static async Task<IResult> Events(Guid id, IRunStore store, CancellationToken ct, long after = 0)
    {
        if (await store.FindAsync(id, ct) is null) return NotFound(id);
        var events = await store.EventsAsync(id, after, ct);
        return Results.Ok(events.Select(e => new { sequence = e.Sequence, type = e.Type, payload = Payload(e) }));
    }

    // Runs stored before model facts lost their server folder still carry it in their runStarted event: not shown.
    private static System.Text.Json.Nodes.JsonNode? Payload(RunEventEntity e)
    {
        var payload = System.Text.Json.Nodes.JsonNode.Parse(e.PayloadJson);
        if (e.Type == "runStarted" && payload?["model"] is System.Text.Json.Nodes.JsonObject model) model.Remove("folder");
        return payload;
    }

    private static async Task<IResult> Cancel(Guid id, IRunStore store, RunService service, ClaimsPrincipal user, CancellationToken ct)
    {
        var run = await store.FindAsync(id, ct);
        if (run is null) return NotFound(id);
        if (!RunPermissions.CanManage(run, user))
            return Results.Problem("only the run's owner or an admin can cancel it", statusCode: StatusCodes.Status403Forbidden);
        return await service.CancelAsync(run, ct)
            ? Results.Accepted($"/api/runs/{id}", new { id, status = "cancelling" })
            : Results.Problem($"run {id} has already ended ({RunJsonMapper.Status(run.Status)})", statusCode: StatusCodes.Status409Conflict);
    }

    /// <summary>
    /// The run's request again, linked to it (<c>rerunOf</c>). <c>seed</c>, in the query or as a JSON body's field:
    /// <c>same</c> (the default: the exact reproduction) or <c>new</c> (a fresh random seed in the new request).
    /// </summary>
    private static async Task<IResult> Rerun(Guid id, HttpRequest http, RunService service, ClaimsPrincipal user,
        CancellationToken ct, string? seed = null)
    {
        var (choice, bodyError) = seed is null ? await BodySeedAsync(http, ct) : (seed, null);
        if (bodyError is not null) return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [bodyError] });
        if (!RerunSeeds.TryParse(choice, out var rerunSeed))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["seed"] = [$"unknown seed '{choice}': {RerunSeeds.Rule}"] });
        var rerun = await service.RerunAsync(id, Owner(user), rerunSeed, ct);
        return rerun.Outcome switch
        {
            RerunOutcome.NotFound => NotFound(id),
            RerunOutcome.Unreadable => throw new InvalidOperationException($"run {id} has an unreadable request"),
            RerunOutcome.Refused => Results.ValidationProblem(rerun.Errors!.ToDictionary(e => e.Key, e => e.Value)),
            _ => Results.Accepted($"/api/runs/{rerun.Run!.Id}",
                new { id = rerun.Run.Id, status = RunJsonMapper.Status(rerun.Run.Status), rerunOf = id, seed = rerun.Request!.Seed }),
        };
    }

    // The body is optional (a bare POST is a same-seed re-run); a JSON object may carry "seed". A seed that is not a
    // string comes back as its JSON, which the caller then refuses by name.
    private static async Task<(string? Seed, string? Error)> BodySeedAsync(HttpRequest http, CancellationToken ct)
    {
        if (!http.HasJsonContentType() || http.ContentLength == 0) return (null, null);
        System.Text.Json.Nodes.JsonNode? body;
        try
        {
            body = await http.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode?>(ct);
        }
        catch (System.Text.Json.JsonException)
        {
            return (null, "the body is not JSON: send {\"seed\": \"same\"}, {\"seed\": \"new\"} or nothing");
        }
        return body switch
        {
            null => (null, null),
            System.Text.Json.Nodes.JsonObject o => o["seed"] switch
            {
                null => (null, null),
                System.Text.Json.Nodes.JsonValue v when v.TryGetValue<string>(out var s) => (s, null),
                var other => (other.ToJsonString(), null),
            },
            _ => (null, "the body must be a JSON object such as {\"seed\": \"new\"}"),
        };
    }

    private static async Task<IResult> Rescore(Guid id, IRunStore store, CancellationToken ct, double lambda = 20, double gamma = 1, string agg = "mean")
    {
        var errors = new Dictionary<string, string[]>();
        if (!RearOptions.LambdaOk(lambda)) errors["lambda"] = [RearOptions.LambdaRule];
        if (!RearOptions.GammaOk(gamma)) errors["gamma"] = [RearOptions.GammaRule];
        Aggregation aggregation = default;
        try { aggregation = AggregationParser.Parse(agg); }
        catch (ArgumentException e) { errors["agg"] = [e.Message]; }
        if (errors.Count > 0) return Results.ValidationProblem(errors);
        if (await store.FindAsync(id, ct) is null) return NotFound(id);
        return Results.Ok(Rescorer.Rescore(await store.CandidatesAsync(id, ct), new RearOptions(lambda, gamma, aggregation)));
    }

    private static IResult NotFound(Guid id) => Results.Problem($"no run {id}", statusCode: StatusCodes.Status404NotFound);

    private static string Owner(ClaimsPrincipal user) => RunPermissions.Name(user) ?? "unknown";
}
