using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Annotations;

/// <summary>
/// Annotations of runs (see <see cref="AnnotationInput"/> for the kinds). Each write is one transaction that checks
/// the values against the run's stored candidates; only the author updates or deletes an annotation.
/// </summary>
public interface IAnnotationStore
{
    /// <summary>Stores a judgement by <paramref name="annotator"/>. NotFound when the run does not exist.</summary>
    Task<AnnotationResult> AddAsync(Guid runId, string annotator, AnnotationInput input, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes value, candidate and comment (not the kind) of annotation <paramref name="id"/> of run
    /// <paramref name="runId"/>: NotFound when it is missing, NotAuthor when <paramref name="annotator"/> did not write it.
    /// </summary>
    Task<AnnotationResult> UpdateAsync(Guid runId, long id, string annotator, AnnotationInput input, CancellationToken cancellationToken = default);

    /// <summary>Deletes annotation <paramref name="id"/> of run <paramref name="runId"/>: NotFound / NotAuthor / Ok.</summary>
    Task<AnnotationResult> DeleteAsync(Guid runId, long id, string annotator, CancellationToken cancellationToken = default);

    /// <summary>A run's annotations, oldest first.</summary>
    Task<IReadOnlyList<AnnotationEntity>> ListAsync(Guid runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Succeeded runs with at least two candidates that <paramref name="annotator"/> has not judged yet (best, rank or
    /// pair; a comment alone does not count), by creation time, paged; Total counts them all.
    /// </summary>
    Task<(IReadOnlyList<QueueItem> Items, int Total)> QueueAsync(string annotator, bool newestFirst = false, int page = 1, int pageSize = 20,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The runs having annotations that match <paramref name="filter"/>, oldest run first, each with those annotations
    /// (oldest first), its candidates, the runStarted payload and, when <paramref name="includeTree"/>, its tree.
    /// </summary>
    Task<IReadOnlyList<AnnotatedRun>> ExportAsync(AnnotationFilter filter, bool includeTree = false, CancellationToken cancellationToken = default);

    /// <summary>Everyone who has annotated and the models of annotated runs, sorted: the export filters' choices.</summary>
    Task<(IReadOnlyList<string> Annotators, IReadOnlyList<string> Models)> FacetsAsync(CancellationToken cancellationToken = default);
}
