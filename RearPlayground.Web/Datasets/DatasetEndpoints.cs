using System.Security.Claims;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using RearPlayground.Data.Datasets;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Accounts;
using RearPlayground.Worker.Datasets;
using RearPlayground.Worker.Hub;

namespace RearPlayground.Web.Datasets;

/// <summary>
/// <c>POST /api/datasets</c> (multipart: file, mapping?, preset?, delimiter?, name?) → 201 {id, items, skipped};
/// <c>GET /api/datasets</c>; <c>GET /api/datasets/{id}?preview=20</c>; <c>DELETE /api/datasets/{id}</c> (409 while a batch
/// uses it); <c>POST /api/datasets/pull</c> {repo, revision?, files?, mapping?, preset?} (admins): 201 with the datasets once
/// imported, or with <c>Prefer: respond-async</c> 202 at once and <c>GET /api/datasets/pulls/{id}</c> for the progress
/// (<see cref="DatasetPulls"/>; <c>POST …/cancel</c> stops it). Every problem with the file or the mapping is a 400 naming the field.
/// </summary>
public static class DatasetEndpoints
{
    public sealed record PullRequest(string? Repo, string? Revision, string[]? Files, DatasetMapping? Mapping, string? Preset);

    public static void MapDatasetEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/api/datasets").RequireAuthorization().WithTags("Datasets");
        group.MapPost("", Upload).DisableAntiforgery();
        group.MapGet("", async (DatasetService datasets, CancellationToken ct) => Results.Ok((await datasets.ListAsync(ct)).Select(Json)));
        group.MapGet("/{id:long}", Get);
        group.MapDelete("/{id:long}", Delete);
        group.MapPost("/pull", Pull).RequireAuthorization(p => p.RequireRole(Roles.Admin));
        group.MapGet("/pulls", (DatasetPulls pulls) => Results.Ok(pulls.List().Select(PullJson))).RequireAuthorization(p => p.RequireRole(Roles.Admin));
        group.MapGet("/pulls/{id:guid}", (Guid id, DatasetPulls pulls) => pulls.Find(id) is { } pull ? Results.Ok(PullJson(pull))
            : Results.Problem($"no dataset pull {id}", statusCode: 404)).RequireAuthorization(p => p.RequireRole(Roles.Admin));
        group.MapPost("/pulls/{id:guid}/cancel", (Guid id, DatasetPulls pulls) => pulls.Find(id) is not { } pull
            ? Results.Problem($"no dataset pull {id}", statusCode: 404)
            : pull.Stop() ? Results.Accepted($"/api/datasets/pulls/{id}") : Results.Problem("the pull has ended", statusCode: 409))
            .RequireAuthorization(p => p.RequireRole(Roles.Admin));
    }

    private static async Task<IResult> Upload(HttpRequest request, DatasetService datasets, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
            return Problem("file", "send multipart/form-data with a 'file' part");
        string? path = null, fileName = null, mapping = null, preset = null, delimiter = null, name = null;
        try
        {
            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                var field = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (disposition.IsFileDisposition() && field == "file")
                {
                    fileName = Path.GetFileName(HeaderUtilities.RemoveQuotes(disposition.FileName.HasValue ? disposition.FileName : disposition.FileNameStar).Value ?? "upload");
                    if (path is not null) File.Delete(path);
                    path = await datasets.ReceiveAsync(section.Body, fileName, ct);
                    continue;
                }
                var text = await new StreamReader(section.Body).ReadToEndAsync(ct);
                switch (field)
                {
                    case "mapping": mapping = text; break;
                    case "preset": preset = text; break;
                    case "delimiter": delimiter = text; break;
                    case "name": name = text; break;
                }
            }
            if (path is null || fileName is null) return Problem("file", "the 'file' part is missing");
            var choice = new DatasetChoice(string.IsNullOrWhiteSpace(mapping) ? null : DatasetMapping.Parse(mapping), Blank(preset), Delimiter(delimiter));
            var result = await datasets.ImportAsync(path, fileName, name, choice, user.Identity?.Name ?? "unknown", ct);
            return Results.Created($"/api/datasets/{result.Dataset.Id}", Created(result));
        }
        catch (DatasetException e)
        {
            return Problem(e.Field, e.Message);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problem("file", datasets.TooLarge(fileName ?? "the file").Message);
        }
        finally
        {
            if (path is not null) File.Delete(path);
        }
    }

    private static async Task<IResult> Get(long id, int? preview, DatasetService datasets, CancellationToken ct)
    {
        if (await datasets.FindAsync(id, ct) is not { } dataset) return Results.Problem($"no dataset {id}", statusCode: 404);
        var items = await datasets.ItemsAsync(id, preview ?? 20, ct);
        return Results.Ok(new
        {
            dataset = Json(dataset),
            skipped = DatasetImport.Skipped(dataset),
            preview = items.Select(i => new
            {
                position = i.Position, row = i.Row, id = i.ExternalId, question = i.Question, preference = i.Preference, answer = i.Answer,
                system = i.System, metadata = i.MetadataJson is null ? null : System.Text.Json.Nodes.JsonNode.Parse(i.MetadataJson),
            }),
        });
    }

    private static async Task<IResult> Delete(long id, DatasetService datasets, CancellationToken ct) => await datasets.DeleteAsync(id, ct) switch
    {
        DatasetDeleteResult.Deleted => Results.NoContent(),
        DatasetDeleteResult.NotFound => Results.Problem($"no dataset {id}", statusCode: 404),
        _ => Results.Problem($"dataset {id} is used by a batch: delete the batch first", statusCode: 409),
    };

    private static async Task<IResult> Pull(PullRequest? request, HttpRequest http, DatasetService datasets, DatasetPulls pulls, ClaimsPrincipal user,
        CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request?.Repo)) return Problem("repo", "the repository is required: ORG/NAME");
        var choice = new DatasetChoice(request.Mapping, Blank(request.Preset));
        // A script that would rather not hold the request open for a large download asks for it in the background (RFC 7240).
        if (http.Headers["Prefer"].Any(v => v?.Split(',').Any(p => p.Trim().Equals("respond-async", StringComparison.OrdinalIgnoreCase)) == true))
        {
            var pull = pulls.Start(request.Repo, request.Revision, request.Files, choice, user.Identity?.Name ?? "unknown");
            return Results.Accepted($"/api/datasets/pulls/{pull.Id}", PullJson(pull));
        }
        try
        {
            var results = await datasets.PullAsync(request.Repo, request.Revision, request.Files, choice, user.Identity?.Name ?? "unknown", null, ct);
            return Results.Created("/api/datasets", new { datasets = results.Select(Created) });
        }
        catch (DatasetException e)
        {
            return Problem(e.Field, e.Message);
        }
        catch (HubException e)
        {
            return Problem("repo", e.Message);
        }
    }

    public static object Json(DatasetEntity d) => new
    {
        id = d.Id, name = d.Name, source = d.Source, origin = d.Origin, format = d.Format, items = d.Items, skippedCount = d.SkippedCount,
        mapping = System.Text.Json.Nodes.JsonNode.Parse(d.MappingJson), createdBy = d.CreatedBy, createdAt = d.CreatedAt,
    };

    private static object Created(DatasetImportResult r) => new
    {
        id = r.Dataset.Id, name = r.Dataset.Name, items = r.Dataset.Items, skipped = r.Skipped.Select(s => new { row = s.Row, reason = s.Reason }),
        skippedCount = r.SkippedCount,
    };

    /// <summary>A background pull as the API shows it: the hub client's progress, then its datasets (done) or its error (failed).</summary>
    public static object PullJson(DatasetPull pull)
    {
        var p = pull.Progress;
        return new
        {
            id = pull.Id, repo = pull.RepoId, revision = pull.Revision, requestedBy = pull.RequestedBy, startedAt = pull.StartedAt, state = pull.State,
            download = p?.State.ToString().ToLowerInvariant(), bytesDone = p?.BytesDone ?? 0, bytesTotal = p?.BytesTotal ?? 0, fraction = p?.Fraction ?? 0,
            filesDone = p?.FilesDone ?? 0, filesTotal = p?.FilesTotal ?? 0, currentFile = p?.CurrentFile, bytesPerSecond = p?.BytesPerSecond ?? 0,
            secondsLeft = p?.SecondsLeft,
            error = pull.Error is { } e ? new { field = e.Field, message = e.Message } : null,
            datasets = pull.Results?.Select(Created),
        };
    }

    private static IResult Problem(string field, string message) => Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static char? Delimiter(string? text) => text switch
    {
        null or "" => null,
        "\\t" or "tab" => '\t',
        { Length: 1 } c => c[0],
        _ => throw new DatasetException("delimiter", $"the delimiter must be one character (or \\t), not '{text}'"),
    };
}
