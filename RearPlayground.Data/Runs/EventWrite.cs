using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Runs;

/// <summary>
/// An event and every row it implies, written in one transaction by <see cref="IRunStore.AppendAsync"/>:
/// a node row with its NodeExpanded event, kept flags with NodeSelected, a candidate row with
/// CandidateFinished, the run's status and results with the run's start and terminal events.
/// </summary>
public sealed record EventWrite(string Type, string PayloadJson)
{
    public IReadOnlyList<TreeNodeEntity> Nodes { get; init; } = [];
    /// <summary>Node ids whose Kept flag becomes true / false.</summary>
    public IReadOnlyList<int> KeptNodeIds { get; init; } = [];
    public IReadOnlyList<int> PrunedNodeIds { get; init; } = [];
    public IReadOnlyList<CandidateEntity> Candidates { get; init; } = [];
    /// <summary>Applied to the run row in the same transaction (status, device, counts, error, …).</summary>
    public Action<RunEntity>? UpdateRun { get; init; }
}
