using System.Security.Claims;
using RearPlayground.Web.Accounts;

namespace RearPlayground.Web.Profiles;

/// <summary>Scorer profiles over HTTP: members list, read and create; admins delete and set the team default.</summary>
public static class ProfileEndpoints
{
    public static void MapProfileEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/profiles").RequireAuthorization().WithTags("Profiles");
        group.MapGet("/", List);
        group.MapGet("/{name}", Get).WithSummary("One profile; saved as a file, the CLI's run --profile FILE.json reads it");
        group.MapPost("/", Create)
            .WithSummary("Saves λ, γ, aggregation and EOS rule under a name (409 when the name is taken)")
            .WithDescription("Body: name (1–100 letters, digits, '-', '_', '.'; unique, any case), lambda, gamma (default 1), aggregation " +
                "(mean | sum | min | last), scoreEos (default true), source (optional JSON object: where the values were fitted).");
        group.MapDelete("/{name}", Delete).RequireAuthorization(p => p.RequireRole(Roles.Admin));
        group.MapPost("/{name}/default", SetDefault).RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithSummary("Makes the profile the team's default (the Playground's picker starts on it; the API applies a profile only when named)");
    }

    private static async Task<IResult> List(ProfileService profiles, CancellationToken ct) =>
        Results.Ok((await profiles.ListAsync(ct)).Select(ProfileService.ToJson));

    private static async Task<IResult> Get(string name, ProfileService profiles, CancellationToken ct) =>
        await profiles.FindAsync(name, ct) is { } p ? Results.Ok(ProfileService.ToJson(p)) : NotFound(name);

    private static async Task<IResult> Create(ProfileCreate? body, ProfileService profiles, ClaimsPrincipal user, CancellationToken ct)
    {
        if (body is null) return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["a profile is required"] });
        var result = await profiles.CreateAsync(body, user.Identity?.Name ?? user.FindFirstValue(ClaimTypes.Email) ?? "unknown", ct);
        if (result.Ok) return Results.Created($"/api/profiles/{Uri.EscapeDataString(result.Value!.Name)}", ProfileService.ToJson(result.Value));
        return result.Field is { } field
            ? Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [result.Message!] })
            : Results.Problem(result.Message, statusCode: result.Status);
    }

    private static async Task<IResult> Delete(string name, ProfileService profiles, CancellationToken ct) =>
        await profiles.DeleteAsync(name, ct) ? Results.NoContent() : NotFound(name);

    private static async Task<IResult> SetDefault(string name, ProfileService profiles, CancellationToken ct) =>
        await profiles.SetDefaultAsync(name, ct) ? Results.NoContent() : NotFound(name);

    private static IResult NotFound(string name) => Results.Problem($"no profile '{name}'", statusCode: StatusCodes.Status404NotFound);
}
