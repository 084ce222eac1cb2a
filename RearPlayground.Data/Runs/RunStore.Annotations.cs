using Microsoft.EntityFrameworkCore;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Runs;

/// <summary>Annotations: plain rows beside the run, written by the UI, never by a job.</summary>
public sealed partial class RunStore
{
    public async Task<long> AddAnnotationAsync(AnnotationEntity annotation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(annotation);
        if (annotation.At == default) annotation.At = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.Annotations.Add(annotation);
        await db.SaveChangesAsync(cancellationToken);
        return annotation.Id;
    }

    public async Task<IReadOnlyList<AnnotationEntity>> AnnotationsAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Annotations.AsNoTracking().Where(a => a.RunId == runId)
            .OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(cancellationToken);
    }
}
