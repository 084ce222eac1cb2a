using System.Security.Claims;
using RearPlayground.Web.Accounts;
using RearPlayground.Web.Annotations;

namespace RearPlayground.Web.Calibration;

/// <summary><c>POST /api/calibrate</c>: λ, aggregation and γ fitted to a campaign's judgments or to runs' annotations. Members only.</summary>
public static class CalibrationEndpoints
{
    public static void MapCalibrationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/calibrate", Calibrate).RequireAuthorization().WithTags("Calibration")
            .WithSummary("Fits λ (and aggregation, γ) to the team's judgments by pairwise agreement")
            .WithDescription("Body: campaignId or runIds (one of the two), aggregations (default all four), folds (2–20, default 5), scoreEos " +
                "(default true). Pairs: best ≻ every other candidate, a ranking's ordered pairs, a pair's winner (ties left out); a score tie counts ½. " +
                "best: the widest-agreement λ stretch [lambdaLow, lambdaHigh] in [−10, 100] (exact for mean, sum, last and min), lambda = 20 when " +
                "the stretch holds it else its midpoint; heldOut: k-fold over runs with a 95% bootstrap interval. curve: per aggregation (its best " +
                "γ), the agreement from each λ on. atDefault: λ = 20 with mean, γ = 1.");
    }

    private static async Task<IResult> Calibrate(CalibrateRequest? body, CalibrationService service, ClaimsPrincipal user, CancellationToken ct)
    {
        if (body is null) return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["a calibration request is required"] });
        var result = await service.FitAsync(body, AnnotationEndpoints.Annotator(user), user.IsInRole(Roles.Admin), ct);
        if (result.Ok) return Results.Ok(CalibrationService.ToJson(result.Value!));
        return result.Field is { } field
            ? Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [result.Message!] })
            : Results.Problem(result.Message, statusCode: result.Status);
    }
}
