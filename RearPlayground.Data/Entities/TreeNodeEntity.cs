namespace RearPlayground.Data.Entities;

/// <summary>
/// A search-tree node (a step of a path, or a Best-of-N candidate). Arrays are JSON; a job writes <see cref="InEvent"/>
/// instead, the arrays being in the node's nodeExpanded event, and the store's readers fill them in from there
/// (<see cref="Runs.NodeArrays"/>).
/// </summary>
public sealed class TreeNodeEntity
{
    /// <summary>Stands for an array that is stored in the node's nodeExpanded event, not in this row.</summary>
    public const string InEvent = "";

    public Guid RunId { get; set; }
    public int NodeId { get; set; }
    public int? ParentId { get; set; }
    public int Subtree { get; set; }
    public int Depth { get; set; }
    public required string Text { get; set; }
    public required string TokenIdsJson { get; set; }
    public required string LogProbsWithoutJson { get; set; }
    public required string LogProbsWithJson { get; set; }
    public double Score { get; set; }
    public bool Kept { get; set; }
    public required string FinishReason { get; set; }
}
