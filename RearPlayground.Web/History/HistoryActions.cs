using System.Security.Claims;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Web.Components.Pages.History;
using RearPlayground.Web.Runs;

namespace RearPlayground.Web.History;

/// <summary>What the history page does, as the signed-in user: list, re-run, cancel and delete runs.</summary>
public sealed class HistoryActions(IRunStore store, RunService runs, RunChecks? checks = null)
{
    public async Task<(IReadOnlyList<HistoryRow> Rows, int Total)> LoadAsync(HistoryFilter filter, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (items, total) = await store.ListAsync(filter.ToRunQuery(), ct);
        var extras = await store.ListExtrasAsync([.. items.Select(r => r.Id)], ct);
        return ([.. items.Select(r => HistoryRow.For(r, extras.GetValueOrDefault(r.Id, new RunListExtras(null, 0)), user))], total);
    }

    public Task<RunFacets> FacetsAsync(CancellationToken ct = default) => store.FacetsAsync(ct);

    /// <summary>
    /// The run's request again, owned by <paramref name="user"/> and linked to the run: with its own seed (the exact
    /// reproduction) or a fresh one (<see cref="RerunSeeds.For"/>). Null if the run is gone, its request unreadable, or
    /// the request no longer passes the API's checks (its model left the catalogue, or it named a path).
    /// </summary>
    public async Task<Guid?> RerunAsync(Guid id, ClaimsPrincipal user, RerunSeed seed = RerunSeed.Same, CancellationToken ct = default)
    {
        var run = await store.FindAsync(id, ct);
        if (run is null || RunSettings.Request(run) is not { } stored) return null;
        var request = RerunSeeds.For(stored, seed);
        if (checks is not null && (await checks.ValidateAsync(request, ct)).Count > 0) return null;
        return (await runs.SubmitAsync(request, RunPermissions.Name(user) ?? "unknown", rerunOf: run.Id, ct: ct)).Id;
    }

    /// <summary>False when the user may not cancel it or it had already ended.</summary>
    public async Task<bool> CancelAsync(Guid id, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var run = await store.FindAsync(id, ct);
        return run is not null && RunPermissions.CanCancel(run, user) && await runs.CancelAsync(run, ct);
    }

    /// <summary>The store checks ownership again: an admin deletes any run, anyone else only their own.</summary>
    public Task<RunDeletion> DeleteAsync(Guid id, ClaimsPrincipal user, CancellationToken ct = default) =>
        user.Identity?.IsAuthenticated != true ? Task.FromResult(RunDeletion.NotOwner)
            : store.DeleteAsync(id, RunPermissions.IsAdmin(user) ? null : RunPermissions.Name(user) ?? "", ct);

    public static string Message(RunDeletion result) => result switch
    {
        RunDeletion.Deleted => "Run deleted.",
        RunDeletion.NotFound => "That run no longer exists.",
        RunDeletion.NotOwner => "Only the run's owner or an admin can delete it.",
        RunDeletion.Active => "The run is still going: cancel it first.",
        _ => result.ToString(),
    };
}
