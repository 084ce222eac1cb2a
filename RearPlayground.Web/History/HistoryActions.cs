using System.Security.Claims;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Web.Runs;

namespace RearPlayground.Web.History;

/// <summary>What the history page does, as the signed-in user: list, re-run, cancel and delete runs.</summary>
public sealed class HistoryActions(IRunStore store, RunService runs)
{
    /// <summary>One page of runs with each one's best score and annotation count.</summary>
    public async Task<(IReadOnlyList<(RunEntity Run, RunListExtras Extras)> Items, int Total)> LoadAsync(RunQuery query, CancellationToken ct = default)
    {
        var (items, total) = await store.ListAsync(query, ct);
        var extras = await store.ListExtrasAsync([.. items.Select(r => r.Id)], ct);
        return ([.. items.Select(r => (r, extras.GetValueOrDefault(r.Id, new RunListExtras(null, 0))))], total);
    }

    /// <summary>
    /// The ids of every run <paramref name="query"/> matches, all pages, in its order, at most <paramref name="cap"/> of
    /// them; and how many it matches in all.
    /// </summary>
    public async Task<(IReadOnlyList<Guid> Ids, int Total)> MatchingIdsAsync(RunQuery query, int cap, CancellationToken ct = default)
    {
        var ids = new List<Guid>();
        var page = query with { Page = 1, PageSize = RunStore.MaxPageSize };
        while (true)
        {
            var (items, total) = await store.ListAsync(page, ct);
            ids.AddRange(items.Take(cap - ids.Count).Select(r => r.Id));
            if (ids.Count >= cap || items.Count < page.PageSize || page.Page * page.PageSize >= total) return (ids, total);
            page = page with { Page = page.Page + 1 };
        }
    }

    public Task<RunFacets> FacetsAsync(CancellationToken ct = default) => store.FacetsAsync(ct);

    /// <summary>The run re-run by <paramref name="user"/> (<see cref="RunService.RerunAsync"/>); null when it was not.</summary>
    public async Task<Guid?> RerunAsync(Guid id, ClaimsPrincipal user, RerunSeed seed = RerunSeed.Same, CancellationToken ct = default) =>
        (await runs.RerunAsync(id, RunPermissions.Name(user) ?? "unknown", seed, ct)).Run?.Id;

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
