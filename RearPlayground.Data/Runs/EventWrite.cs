using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Runs;

/// <summary>
/// An event and the rows it brings, written in one transaction by <see cref="IRunStore.AppendAsync"/> or with its batch
/// by <see cref="IRunStore.AppendBatchAsync"/>. A job's run writes the run's status with its start event and the
/// final rows (tree nodes with their kept flags, candidates, results) once, with its terminal event.
/// </summary>
public sealed record EventWrite(string Type, string PayloadJson)
{
    /// <summary>When the event happened (replay paces by it); null = when it is stored.</summary>
    public DateTimeOffset? At { get; init; }

    public IReadOnlyList<TreeNodeEntity> Nodes { get; init; } = [];
    /// <summary>Node ids whose Kept flag becomes true / false.</summary>
    public IReadOnlyList<int> KeptNodeIds { get; init; } = [];
    public IReadOnlyList<int> PrunedNodeIds { get; init; } = [];
    public IReadOnlyList<CandidateEntity> Candidates { get; init; } = [];
    /// <summary>Applied to the run row in the same transaction (status, device, counts, error, …).</summary>
    public Action<RunEntity>? UpdateRun { get; init; }
}
