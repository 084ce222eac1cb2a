using System.Data;
using Microsoft.EntityFrameworkCore;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Annotations;

/// <summary>
/// <see cref="IAnnotationStore"/> on SQLite, a singleton like RunStore: one short-lived context per call. Each write
/// runs in one IMMEDIATE transaction (Microsoft.Data.Sqlite begins Serializable ones with BEGIN IMMEDIATE), so the
/// candidates it validates against and the ownership it checks cannot change before it commits.
/// </summary>
public sealed partial class AnnotationStore(IDbContextFactory<RearDbContext> factory, TimeProvider time) : IAnnotationStore
{
    public const int MaxPageSize = 200;

    public async Task<AnnotationResult> AddAsync(Guid runId, string annotator, AnnotationInput input, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(annotator);
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        if (!await db.Runs.AnyAsync(r => r.Id == runId, cancellationToken)) return AnnotationResult.NotFound;
        var (value, field, message) = AnnotationRules.Check(input, await CandidateIndicesAsync(db, runId, cancellationToken));
        if (value is null) return AnnotationResult.Invalid(field!, message!);
        var annotation = new AnnotationEntity
        {
            RunId = runId, Annotator = annotator, Kind = value.Kind, CandidateIndex = value.CandidateIndex,
            Value = value.Value, Comment = value.Comment, At = time.GetUtcNow(),
        };
        db.Annotations.Add(annotation);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return AnnotationResult.Ok(annotation);
    }

    public async Task<AnnotationResult> UpdateAsync(Guid runId, long id, string annotator, AnnotationInput input, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(annotator);
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var annotation = await db.Annotations.SingleOrDefaultAsync(a => a.Id == id && a.RunId == runId, cancellationToken);
        if (annotation is null) return AnnotationResult.NotFound;
        if (annotation.Annotator != annotator) return AnnotationResult.NotAuthor;
        // The kind says what the value means: changing it would be another annotation.
        if (input.Kind is { } kind && !string.Equals(kind.Trim(), annotation.Kind, StringComparison.OrdinalIgnoreCase))
            return AnnotationResult.Invalid("kind", $"the kind of an annotation cannot change (it is {annotation.Kind})");
        var (value, field, message) = AnnotationRules.Check(input with { Kind = annotation.Kind }, await CandidateIndicesAsync(db, runId, cancellationToken));
        if (value is null) return AnnotationResult.Invalid(field!, message!);
        annotation.CandidateIndex = value.CandidateIndex;
        annotation.Value = value.Value;
        annotation.Comment = value.Comment;
        annotation.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return AnnotationResult.Ok(annotation);
    }

    public async Task<AnnotationResult> DeleteAsync(Guid runId, long id, string annotator, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(annotator);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var annotation = await db.Annotations.SingleOrDefaultAsync(a => a.Id == id && a.RunId == runId, cancellationToken);
        if (annotation is null) return AnnotationResult.NotFound;
        if (annotation.Annotator != annotator) return AnnotationResult.NotAuthor;
        db.Annotations.Remove(annotation);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return AnnotationResult.Ok(annotation);
    }

    public async Task<IReadOnlyList<AnnotationEntity>> ListAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Annotations.AsNoTracking().Where(a => a.RunId == runId)
            .OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(cancellationToken);
    }

    private static async Task<HashSet<int>> CandidateIndicesAsync(RearDbContext db, Guid runId, CancellationToken cancellationToken) =>
        [.. await db.Candidates.Where(c => c.RunId == runId && c.Baseline == null).Select(c => c.Index).ToListAsync(cancellationToken)];
}
