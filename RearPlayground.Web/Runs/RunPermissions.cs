using System.Security.Claims;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Accounts;

namespace RearPlayground.Web.Runs;

/// <summary>Runs are the owner's: only the owner or an admin cancels or deletes one.</summary>
public static class RunPermissions
{
    /// <summary>The owner name runs are stored under (as the HTTP API names it).</summary>
    public static string? Name(ClaimsPrincipal user) => user.Identity?.Name ?? user.FindFirstValue(ClaimTypes.Email);

    public static bool IsAdmin(ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    public static bool CanManage(RunEntity run, ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && (IsAdmin(user) || (Name(user) is { } name && run.Owner == name));

    public static bool CanCancel(RunEntity run, ClaimsPrincipal user) => !run.Status.IsTerminal() && CanManage(run, user);

    /// <summary>A run still going is cancelled first: its job would otherwise write to a deleted run.</summary>
    public static bool CanDelete(RunEntity run, ClaimsPrincipal user) => run.Status.IsTerminal() && CanManage(run, user);
}
