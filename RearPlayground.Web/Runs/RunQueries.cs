using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;

namespace RearPlayground.Web.Runs;

/// <summary>
/// What pages read about one run: the run, its candidates, its events. Pages go through this rather than the store, so
/// the store's wider surface (writes, appends, deletes) stays with the services.
/// </summary>
public sealed class RunQueries(IRunStore store)
{
    public Task<RunEntity?> FindAsync(Guid id, CancellationToken ct = default) => store.FindAsync(id, ct);

    /// <summary>A run by the id a URL holds; null when it is not a Guid or no such run exists.</summary>
    public async Task<RunEntity?> FindAsync(string? id, CancellationToken ct = default) =>
        Guid.TryParse(id, out var parsed) ? await store.FindAsync(parsed, ct) : null;

    public Task<IReadOnlyList<CandidateEntity>> CandidatesAsync(Guid id, CancellationToken ct = default) => store.CandidatesAsync(id, ct);
    public Task<IReadOnlyList<CandidateEntity>> BaselinesAsync(Guid id, CancellationToken ct = default) => store.BaselinesAsync(id, ct);

    public Task<IReadOnlyList<RunEventEntity>> EventsAsync(Guid id, long afterSequence = 0, CancellationToken ct = default) =>
        store.EventsAsync(id, afterSequence, ct);
}
