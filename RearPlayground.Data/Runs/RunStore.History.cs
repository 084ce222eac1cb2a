using System.Data;
using Microsoft.EntityFrameworkCore;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Sqlite;

namespace RearPlayground.Data.Runs;

/// <summary>The history page's queries: filters and orders for ListAsync, per-row extras, filter choices, deletion.</summary>
public sealed partial class RunStore
{
    private static IQueryable<RunEntity> Filter(RearDbContext db, RunQuery query)
    {
        var runs = db.Runs.AsNoTracking();
        if (!string.IsNullOrEmpty(query.Model)) runs = runs.Where(r => r.Model == query.Model);
        if (!string.IsNullOrEmpty(query.Method)) runs = runs.Where(r => r.Method == query.Method);
        if (!string.IsNullOrEmpty(query.Owner)) runs = runs.Where(r => r.Owner == query.Owner);
        if (query.Status is { } status) runs = runs.Where(r => r.Status == status);
        if (!string.IsNullOrEmpty(query.Text))
        {
            // Folded in SQLite by our own function: lower()/LIKE there only fold ASCII.
            var text = SqliteText.Fold(query.Text)!;
            runs = runs.Where(r => SqliteText.Fold(r.Question)!.Contains(text)
                || (r.Preference != null && SqliteText.Fold(r.Preference)!.Contains(text)));
        }
        if (query.Annotated is { } annotated)
            runs = runs.Where(r => db.Annotations.Any(a => a.RunId == r.Id) == annotated);
        // Instants compare as UTC ticks (UtcTicksConverter), whatever the offsets.
        if (query.CreatedFrom is { } from) runs = runs.Where(r => r.CreatedAt >= from);
        if (query.CreatedTo is { } to) runs = runs.Where(r => r.CreatedAt < to);
        return runs;
    }

    private static IOrderedQueryable<RunEntity> Order(IQueryable<RunEntity> runs, RunSort sort, bool descending)
    {
        var ordered = sort switch
        {
            RunSort.Model => By(r => r.Model),
            RunSort.Method => By(r => r.Method),
            RunSort.Owner => By(r => r.Owner),
            // Stored as the status name: alphabetical.
            RunSort.Status => By(r => r.Status),
            // Runs that have not ended have no duration: SQLite puts NULL first ascending, last descending.
            RunSort.Duration => By(r => RunDuration.Ticks(r.StartedAt, r.FinishedAt)),
            _ => null,
        };
        // Ties (and the default order): newest first, then by id so that pages never overlap.
        return ordered is null
            ? descending ? runs.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id) : runs.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            : ordered.ThenByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id);

        IOrderedQueryable<RunEntity> By<TKey>(System.Linq.Expressions.Expression<Func<RunEntity, TKey>> key) =>
            descending ? runs.OrderByDescending(key) : runs.OrderBy(key);
    }

    public async Task<RunDeletion> DeleteAsync(Guid id, string? onlyOwner, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // IMMEDIATE: the checks and the deletes see the same row (a job cannot start it in between).
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var run = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null) return RunDeletion.NotFound;
        if (onlyOwner is not null && run.Owner != onlyOwner) return RunDeletion.NotOwner;
        if (!run.Status.IsTerminal()) return RunDeletion.Active;
        // The foreign keys cascade too; deleting the children explicitly does not depend on PRAGMA foreign_keys.
        await db.Annotations.Where(a => a.RunId == id).ExecuteDeleteAsync(cancellationToken);
        await db.Candidates.Where(c => c.RunId == id).ExecuteDeleteAsync(cancellationToken);
        await db.TreeNodes.Where(n => n.RunId == id).ExecuteDeleteAsync(cancellationToken);
        await db.RunEvents.Where(e => e.RunId == id).ExecuteDeleteAsync(cancellationToken);
        await db.Runs.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return RunDeletion.Deleted;
    }

    public async Task<IReadOnlyDictionary<Guid, RunListExtras>> ListExtrasAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) return new Dictionary<Guid, RunListExtras>();
        var list = ids.Distinct().ToList();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var best = await db.Runs.AsNoTracking().Where(r => list.Contains(r.Id) && r.Best != null)
            .Join(db.Candidates, r => new { RunId = r.Id, Index = r.Best!.Value }, c => new { c.RunId, c.Index }, (r, c) => new { r.Id, c.Score })
            .ToDictionaryAsync(x => x.Id, x => x.Score, cancellationToken);
        var annotations = await db.Annotations.AsNoTracking().Where(a => list.Contains(a.RunId))
            .GroupBy(a => a.RunId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        return list.ToDictionary(id => id, id => new RunListExtras(
            best.TryGetValue(id, out var score) ? score : null, annotations.GetValueOrDefault(id)));
    }

    public async Task<RunFacets> FacetsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var models = await db.Runs.Select(r => r.Model).Distinct().OrderBy(m => m).ToListAsync(cancellationToken);
        var methods = await db.Runs.Select(r => r.Method).Distinct().OrderBy(m => m).ToListAsync(cancellationToken);
        var owners = await db.Runs.Select(r => r.Owner).Distinct().OrderBy(o => o).ToListAsync(cancellationToken);
        return new RunFacets(models, methods, owners);
    }
}
