using Microsoft.AspNetCore.Identity;

namespace RearPlayground.Web.Accounts;

/// <summary>Admins create and list team members; there is no self-registration.</summary>
public static class UserEndpoints
{
    public sealed record NewUser(string Email, string Password, string[]? Roles);

    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").RequireAuthorization(p => p.RequireRole(Roles.Admin)).WithTags("Users");
        group.MapGet("/", async (UserManager<IdentityUser> users) =>
        {
            var result = new List<object>();
            foreach (var u in users.Users.OrderBy(u => u.Email).ToList())
                result.Add(new { id = u.Id, email = u.Email, roles = await users.GetRolesAsync(u) });
            return Results.Ok(result);
        });
        group.MapPost("/", async (NewUser body, UserManager<IdentityUser> users) =>
        {
            if (EmailCheck.Problem(body.Email) is { } problem)
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["email"] = [problem] });
            var roles = body.Roles is { Length: > 0 } r ? r : [Roles.Annotator];
            var unknown = roles.Except(Roles.All).ToArray();
            if (unknown.Length > 0)
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["roles"] = [$"unknown roles: {string.Join(", ", unknown)}"] });
            try
            {
                var user = await BootstrapAdmin.CreateAsync(users, body.Email, body.Password, roles);
                return Results.Created($"/api/users/{user.Id}", new { id = user.Id, email = user.Email, roles });
            }
            catch (InvalidOperationException e)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["user"] = [e.Message] });
            }
        });
    }
}
