using Microsoft.EntityFrameworkCore;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;

namespace RearPlayground.Data.Annotations;

/// <summary>The reads behind the annotation queue and the exports.</summary>
public sealed partial class AnnotationStore
{
    private const string RunStartedType = "runStarted";

    public async Task<(IReadOnlyList<QueueItem> Items, int Total)> QueueAsync(string annotator, bool newestFirst = false, int page = 1,
        int pageSize = 20, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(annotator);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Clamp(page, 1, int.MaxValue / pageSize);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var judgements = AnnotationKinds.Judgements;
        // One candidate leaves nothing to choose between; a baseline (greedy) is not one of the run's candidates.
        var waiting = db.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Succeeded)
            .Select(r => new { Run = r, Candidates = db.Candidates.Count(c => c.RunId == r.Id && c.Baseline == null) })
            .Where(x => x.Candidates >= 2)
            .Where(x => !db.Annotations.Any(a => a.RunId == x.Run.Id && a.Annotator == annotator && judgements.Contains(a.Kind)));
        var total = await waiting.CountAsync(cancellationToken);
        var ordered = newestFirst
            ? waiting.OrderByDescending(x => x.Run.CreatedAt).ThenByDescending(x => x.Run.Id)
            : waiting.OrderBy(x => x.Run.CreatedAt).ThenBy(x => x.Run.Id);
        var items = await ordered.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return ([.. items.Select(x => new QueueItem(x.Run, x.Candidates))], total);
    }

    public async Task<IReadOnlyList<AnnotatedRun>> ExportAsync(AnnotationFilter filter, bool includeTree = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var query = from a in db.Annotations.AsNoTracking()
                    join r in db.Runs.AsNoTracking() on a.RunId equals r.Id
                    select new { Annotation = a, r.Model };
        if (!string.IsNullOrEmpty(filter.Annotator)) query = query.Where(x => x.Annotation.Annotator == filter.Annotator);
        if (!string.IsNullOrEmpty(filter.Model)) query = query.Where(x => x.Model == filter.Model);
        if (filter.From is { } from) query = query.Where(x => x.Annotation.At >= from);
        if (filter.To is { } to) query = query.Where(x => x.Annotation.At < to);
        var annotations = await query.Select(x => x.Annotation).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        if (annotations.Count == 0) return [];

        var ids = annotations.Select(a => a.RunId).Distinct().ToList();
        var runs = await db.Runs.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken);
        var candidates = (await db.Candidates.AsNoTracking().Where(c => ids.Contains(c.RunId) && c.Baseline == null).ToListAsync(cancellationToken))
            .ToLookup(c => c.RunId);
        var nodes = includeTree || candidates.Any(g => g.Any(c => c.TokenIdsJson.Length == 0))
            ? await NodeArrays.NodesAsync(db, ids, cancellationToken) : null;
        if (nodes is not null) NodeArrays.FillCandidates(candidates.SelectMany(g => g), nodes);
        if (!includeTree) nodes = null;
        // The first runStarted event of each run (the first packed row holds it).
        var started = (await PackedEvents.LoadAsync(db, ids, 0, RunStartedType, cancellationToken))
            .GroupBy(e => e.RunId).ToDictionary(g => g.Key, g => g.First().PayloadJson);
        var byRun = annotations.ToLookup(a => a.RunId);
        return [.. runs.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Select(r => new AnnotatedRun(
            r,
            [.. candidates[r.Id].OrderBy(c => c.Index)],
            [.. byRun[r.Id]],
            nodes is null ? [] : [.. nodes[r.Id]],
            started.GetValueOrDefault(r.Id)))];
    }

    public async Task<(IReadOnlyList<string> Annotators, IReadOnlyList<string> Models)> FacetsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var annotators = await db.Annotations.Select(a => a.Annotator).Distinct().ToListAsync(cancellationToken);
        var models = await db.Runs.Where(r => db.Annotations.Any(a => a.RunId == r.Id)).Select(r => r.Model).Distinct().ToListAsync(cancellationToken);
        return ([.. annotators.Order(StringComparer.Ordinal)], [.. models.Order(StringComparer.Ordinal)]);
    }
}
