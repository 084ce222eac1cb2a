using Microsoft.AspNetCore.Authorization;
using RearPlayground.Web.Accounts;
using RearPlayground.Web.Hosting;
using RearPlayground.Worker.Jobs.Remote;

namespace RearPlayground.Web.Workers;

/// <summary>
/// <c>/api/worker/runs/{id}</c>: what a worker on another machine needs of the run database, for the worker account
/// (or an admin) only. GET reads the run (and renews its lease), POST …/events stores a batch of its events in order,
/// POST …/finish ends it without a terminal event. A run that is over takes no more events: 409.
/// </summary>
public static class WorkerEndpoints
{
    public static void MapWorkerEndpoints(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/" + RemoteWire.RunsPath)
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.WorkerOrAdmin })
            .WithTags("Workers");
        runs.MapGet("/{id:guid}", async (Guid id, RemoteRuns remote, CancellationToken ct) =>
            await remote.ReadAsync(id, ct) is { } run ? Results.Ok(run) : Results.NotFound());
        runs.MapPost("/{id:guid}/events", async (Guid id, RemoteBatch batch, RemoteRuns remote, HttpContext http, CancellationToken ct) =>
        {
            try
            {
                return await remote.AppendAsync(id, batch, ct) is { } first
                    ? Results.Ok(new RemoteAppended(first))
                    : Ended(http);
            }
            catch (InvalidOperationException e)
            {
                return Conflict(http, e.Message);
            }
        });
        runs.MapPost("/{id:guid}/finish", async (Guid id, RemoteFinish finish, RemoteRuns remote, HttpContext http, CancellationToken ct) =>
            await remote.FinishAsync(id, finish, ct) ? Results.NoContent() : Ended(http));
    }

    private static IResult Ended(HttpContext http) => Conflict(http, "the run is over (or unknown): it takes no more events");

    private static IResult Conflict(HttpContext http, string message) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, detail: message);
}
