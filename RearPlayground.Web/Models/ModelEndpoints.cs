using System.Security.Claims;
using RearPlayground.Web.Accounts;
using RearPlayground.Worker.Hub;

namespace RearPlayground.Web.Models;

/// <summary>
/// Model downloads from the Hugging Face hub, admins only: <c>POST /api/models/pull</c> {repo, revision?, variant?}
/// starts one in the background (202 with its id and state; the same request while it runs joins it),
/// <c>GET /api/models/pulls[/{id}]</c> reads the progress, <c>POST /api/models/pulls/{id}/cancel</c> stops it.
/// </summary>
public static class ModelEndpoints
{
    public sealed record PullRequest(string? Repo, string? Revision, string? Variant);

    public static void MapModelEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/api/models").RequireAuthorization(p => p.RequireRole(Roles.Admin)).WithTags("Models");
        group.MapPost("/pull", Pull);
        group.MapGet("/pulls", (ModelDownloads downloads) => Results.Ok(downloads.List().Select(Json)));
        group.MapGet("/pulls/{id:guid}", (Guid id, ModelDownloads downloads) =>
            downloads.Find(id) is { } d ? Results.Ok(Json(d)) : Results.NotFound());
        group.MapPost("/pulls/{id:guid}/cancel", (Guid id, ModelDownloads downloads) =>
            downloads.Find(id) is null ? Results.NotFound() : downloads.Cancel(id) ? Results.Accepted() : Results.Conflict(new { error = "the pull has ended" }));
    }

    private static IResult Pull(PullRequest? request, ModelDownloads downloads, ClaimsPrincipal user)
    {
        if (string.IsNullOrWhiteSpace(request?.Repo))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["repo"] = ["the repository is required: ORG/NAME"] });
        try
        {
            var download = downloads.Start(request.Repo, request.Revision, request.Variant, user.Identity?.Name ?? "unknown");
            return Results.Accepted($"/api/models/pulls/{download.Id}", Json(download));
        }
        catch (ArgumentException e)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["repo"] = [e.Message] });
        }
    }

    /// <summary>A pull as the API shows it: state, bytes, rate, time left, and the model name to run it by once done.</summary>
    public static object Json(ModelDownload d)
    {
        var p = d.Progress;
        return new
        {
            id = d.Id, repo = d.RepoId, revision = p.Revision, variant = p.Variant, requestedBy = d.RequestedBy, startedAt = d.StartedAt,
            state = p.State.ToString().ToLowerInvariant(), bytesDone = p.BytesDone, bytesTotal = p.BytesTotal, fraction = p.Fraction,
            filesDone = p.FilesDone, filesTotal = p.FilesTotal, currentFile = p.CurrentFile, bytesPerSecond = p.BytesPerSecond,
            secondsLeft = p.SecondsLeft, error = p.Error, model = p.State == PullState.Done ? d.RepoId : null, commit = d.Result?.Commit,
        };
    }
}
