using RearPlayground.Data.Annotations;
using RearPlayground.Data.Entities;

namespace RearPlayground.Web.Annotations;

/// <summary>
/// Annotations for the Annotate and Export pages and the annotation and export routes: one path for both, so a page and
/// a script get the same rules (<see cref="AnnotationRules"/>, checked by the store in each write's transaction).
/// Pages go through this rather than the store, as they read runs through <see cref="Runs.RunQueries"/>.
/// </summary>
public sealed class AnnotationService(IAnnotationStore store)
{
    /// <summary>The runs <paramref name="annotator"/> has yet to judge, paged (the store clamps page and size).</summary>
    public Task<(IReadOnlyList<QueueItem> Items, int Total)> QueueAsync(string annotator, bool newestFirst = false, int page = 1, int pageSize = 20,
        CancellationToken ct = default) => store.QueueAsync(annotator, newestFirst, page, pageSize, ct);

    /// <summary>All of a run's annotations, oldest first; who may see which is the caller's rule (<see cref="AnnotationEndpoints.Visible"/>).</summary>
    public Task<IReadOnlyList<AnnotationEntity>> ListAsync(Guid runId, CancellationToken ct = default) => store.ListAsync(runId, ct);

    public Task<AnnotationResult> AddAsync(Guid runId, string annotator, AnnotationInput input, CancellationToken ct = default) =>
        store.AddAsync(runId, annotator, input, ct);

    /// <summary>Only the author changes an annotation (NotAuthor otherwise).</summary>
    public Task<AnnotationResult> UpdateAsync(Guid runId, long id, string annotator, AnnotationInput input, CancellationToken ct = default) =>
        store.UpdateAsync(runId, id, annotator, input, ct);

    /// <summary>Only the author deletes an annotation (NotAuthor otherwise).</summary>
    public Task<AnnotationResult> DeleteAsync(Guid runId, long id, string annotator, CancellationToken ct = default) =>
        store.DeleteAsync(runId, id, annotator, ct);

    /// <summary>The annotated runs the exports take, each with its matching annotations.</summary>
    public Task<IReadOnlyList<AnnotatedRun>> ExportAsync(AnnotationFilter filter, bool includeTree = false, CancellationToken ct = default) =>
        store.ExportAsync(filter, includeTree, ct);

    /// <summary>The export filters' choices: everyone who has annotated, and the models of annotated runs.</summary>
    public Task<(IReadOnlyList<string> Annotators, IReadOnlyList<string> Models)> FacetsAsync(CancellationToken ct = default) =>
        store.FacetsAsync(ct);
}
