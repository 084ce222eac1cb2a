using System.Security.Claims;
using RearPlayground.Data.Campaigns;
using RearPlayground.Web.Accounts;
using RearPlayground.Web.Annotations;

namespace RearPlayground.Web.Campaigns;

/// <summary>
/// Team annotation campaigns over HTTP (<see cref="CampaignService"/> holds the rules). Admins create, close and export;
/// members take items (/next), judge them blind, and see others' judgments of an item only after their own.
/// </summary>
public static class CampaignEndpoints
{
    public static void MapCampaignEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/campaigns").RequireAuthorization().WithTags("Campaigns");
        group.MapPost("/", Create).RequireAuthorization(p => p.RequireRole(Roles.Admin));
        group.MapGet("/", List);
        group.MapGet("/{id:long}", Details);
        group.MapGet("/{id:long}/answers", Answers)
            .WithSummary("The team's answer per item (per run for pairs), in candidate indices")
            .WithDescription("best: the majority pick (several when tied); rank and pairs: the Bradley–Terry order, best first, with ranks " +
                "(equal ranks are a tie). agreement: the share of judgments agreeing with the answer; minAgreement (0 to 1) leaves out the items below it.");
        group.MapGet("/{id:long}/leaderboard", Leaderboard)
            .WithSummary("The selectors' leaderboard: arena win rates and Bradley–Terry strengths, or agreement with the team")
            .WithDescription("arena: selectors [{name, wins, losses, ties, winRate, low, high, strength, strengthLow, strengthHigh}], " +
                "pairs [{a, b, aWins, bWins, ties}] and runs. One comparison per item: a recorded tie (identical picks) is a tie, a judged " +
                "item counts by its judgments' majority (a shared top is a tie). winRate = wins / (wins + losses), ties in neither; " +
                "strengths are Bradley–Terry (a tie half a win each, one virtual tie against a reference of strength 1); low/high are " +
                "95% percentile bootstrap intervals over runs (1,000 resamples); with guided or guided-bon an item's run is its question's " +
                "anchor run, so runs counts questions and the bootstrap resamples questions. best, rank and pairs campaigns: selectors and pairs are " +
                "empty and agreement [{name, top1, top1Low, top1High, pairwise, pairwiseLow, pairwiseHigh, tau, tauLow, tauHigh, runs}] " +
                "gives each pool selector's agreement with the team's answers at each run's own λ, γ and aggregation. Members and admins.")
            .Produces<System.Text.Json.Nodes.JsonObject>()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:long}/next", Next);
        group.MapPost("/{id:long}/items/{itemId:long}/judgments", (long id, long itemId, JudgmentBody? body, CampaignService campaigns, ClaimsPrincipal user,
            CancellationToken ct) => JudgeAsync(id, itemId, body, replace: false, campaigns, user, ct));
        group.MapPut("/{id:long}/items/{itemId:long}/judgments", (long id, long itemId, JudgmentBody? body, CampaignService campaigns, ClaimsPrincipal user,
            CancellationToken ct) => JudgeAsync(id, itemId, body, replace: true, campaigns, user, ct));
        group.MapGet("/{id:long}/items/{itemId:long}", Item);
        group.MapGet("/{id:long}/export.jsonl", Export).RequireAuthorization(p => p.RequireRole(Roles.Admin));
        group.MapPost("/{id:long}/runs", AddRuns).RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithSummary("Adds runs to an open campaign: their items are made as at creation (pairs: each run's pair design)")
            .WithDescription("400 naming runIds for an unknown, unfinished or single-candidate run, one listed twice or one already in the " +
                "campaign; 409 once the campaign is closed. Answers {runs, items}: how many of each were added.");
        group.MapPost("/{id:long}/close", Close).RequireAuthorization(p => p.RequireRole(Roles.Admin));
        group.MapPost("/{id:long}/reopen", Reopen).RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithSummary("Opens a closed campaign again: judging and changing judgments resume");
    }

    private static string Caller(ClaimsPrincipal user) => AnnotationEndpoints.Annotator(user);

    private static bool Admin(ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    private static async Task<IResult> Create(CampaignCreate? body, CampaignService campaigns, ClaimsPrincipal user, CancellationToken ct)
    {
        if (body is null) return Refused(CampaignResult<long>.Invalid("body", "a campaign is required"));
        var result = await campaigns.CreateAsync(body, Caller(user), ct);
        return result.Ok ? Results.Created($"/api/campaigns/{result.Value}", new { id = result.Value }) : Refused(result);
    }

    private static async Task<IResult> AddRuns(long id, CampaignRunsAdd? body, CampaignService campaigns, CancellationToken ct)
    {
        var result = await campaigns.AddRunsAsync(id, body?.RunIds, ct);
        return result.Ok ? Results.Ok(new { runs = body!.RunIds!.Count, items = result.Value }) : Refused(result);
    }

    private static async Task<IResult> List(CampaignService campaigns, ClaimsPrincipal user, CancellationToken ct) =>
        Results.Ok((await campaigns.ListAsync(Caller(user), Admin(user), ct)).Select(CampaignService.Summary));

    private static async Task<IResult> Details(long id, CampaignService campaigns, ClaimsPrincipal user, CancellationToken ct)
    {
        var access = await campaigns.AccessAsync(id, Caller(user), Admin(user), ct);
        return access.Ok ? Results.Ok(await campaigns.DetailsAsync(access.Value!, Caller(user), Admin(user), ct)) : Refused(access);
    }

    private static async Task<IResult> Answers(long id, double? minAgreement, CampaignService campaigns, ClaimsPrincipal user, CancellationToken ct)
    {
        if (minAgreement is { } min && (!double.IsFinite(min) || min < 0 || min > 1))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["minAgreement"] = ["minAgreement must be between 0 and 1"] });
        var access = await campaigns.AccessAsync(id, Caller(user), Admin(user), ct);
        if (!access.Ok) return Refused(access);
        var answers = await campaigns.AnswersAsync(access.Value!, minAgreement ?? 0, ct);
        return Results.Ok(new System.Text.Json.Nodes.JsonArray([.. answers.Select(a => (System.Text.Json.Nodes.JsonNode)a.ToJson())]));
    }

    private static async Task<IResult> Leaderboard(long id, CampaignService campaigns, ClaimsPrincipal user, CancellationToken ct)
    {
        var access = await campaigns.AccessAsync(id, Caller(user), Admin(user), ct);
        return access.Ok ? Results.Ok(await campaigns.LeaderboardAsync(access.Value!, ct)) : Refused(access);
    }

    private static async Task<IResult> Next(long id, CampaignService campaigns, ClaimsPrincipal user, CancellationToken ct)
    {
        var result = await campaigns.NextAsync(id, Caller(user), ct);
        if (!result.Ok) return Refused(result);
        return result.Value is { } item ? Results.Ok(item) : Results.NoContent();
    }

    private static async Task<IResult> JudgeAsync(long id, long itemId, JudgmentBody? body, bool replace, CampaignService campaigns,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var result = await campaigns.JudgeAsync(id, itemId, Caller(user), body, replace, ct);
        if (!result.Ok) return Refused(result);
        return replace ? Results.Ok(result.Value) : Results.Created($"/api/campaigns/{id}/items/{itemId}", result.Value);
    }

    private static async Task<IResult> Item(long id, long itemId, CampaignService campaigns, ClaimsPrincipal user, CancellationToken ct)
    {
        var result = await campaigns.ItemAsync(id, itemId, Caller(user), ct);
        return result.Ok ? Results.Ok(result.Value) : Refused(result);
    }

    private static async Task<IResult> Export(long id, CampaignService campaigns, ClaimsPrincipal user, CancellationToken ct)
    {
        var access = await campaigns.AccessAsync(id, Caller(user), Admin(user), ct);
        if (!access.Ok) return Refused(access);
        return Results.Text(await campaigns.ExportAsync(access.Value!, ct), "application/x-ndjson");
    }

    private static async Task<IResult> Close(long id, CampaignService campaigns, CancellationToken ct) =>
        await campaigns.SetStatusAsync(id, CampaignTasks.Closed, ct) ? Results.NoContent()
            : Results.Problem($"no campaign {id}", statusCode: StatusCodes.Status404NotFound);

    private static async Task<IResult> Reopen(long id, CampaignService campaigns, CancellationToken ct) =>
        await campaigns.SetStatusAsync(id, CampaignTasks.Open, ct) ? Results.NoContent()
            : Results.Problem($"no campaign {id}", statusCode: StatusCodes.Status404NotFound);

    private static IResult Refused<T>(CampaignResult<T> result) => result.Field is { } field
        ? Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [result.Message!] })
        : Results.Problem(result.Message, statusCode: result.Status);
}
