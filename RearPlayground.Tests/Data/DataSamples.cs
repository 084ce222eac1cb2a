using RearPlayground.Data.Entities;

namespace RearPlayground.Tests.Data;

/// <summary>Small node / candidate rows for store tests; contents only need to round-trip.</summary>
internal static class DataSamples
{
    public static TreeNodeEntity Node(int id, int? parent = null, bool kept = false) => new()
    {
        NodeId = id, ParentId = parent, Subtree = 0, Depth = parent is null ? 0 : 1, Text = $"step {id}",
        TokenIdsJson = "[1,2]", LogProbsWithoutJson = "[-0.5,-1.25]", LogProbsWithJson = "[-0.25,-1]",
        Score = id * 0.5, Kept = kept, FinishReason = "length",
    };

    public static CandidateEntity Candidate(int index, int nodeId = 0) => new()
    {
        Index = index, NodeId = nodeId, Text = $"candidate {index}", TokenIdsJson = "[3]",
        LogProbsWithoutJson = "[-2]", LogProbsWithJson = "[-1]", Score = -index, FinishReason = "eos",
    };
}
