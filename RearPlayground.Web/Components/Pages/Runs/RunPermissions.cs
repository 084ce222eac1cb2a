using System.Security.Claims;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Accounts;

namespace RearPlayground.Web.Components.Pages.Runs;

/// <summary>Who may do what to a run from its page: its owner or an admin cancels; anyone signed in re-runs or replays.</summary>
public static class RunPermissions
{
    public static bool IsOwnerOrAdmin(ClaimsPrincipal user, RunEntity run) =>
        user.IsInRole(Roles.Admin) || (user.Identity?.Name is { } name && string.Equals(name, run.Owner, StringComparison.OrdinalIgnoreCase));

    public static bool CanCancel(ClaimsPrincipal user, RunEntity run, string status) =>
        status is "queued" or "running" && IsOwnerOrAdmin(user, run);
}
