using RearPlayground.Worker.Engine.Generation;

namespace RearPlayground.Worker.Search;

/// <summary>
/// A node of the search tree. Its tokens and ℓ0/ℓp are its own step only (the path's earlier tokens
/// are its ancestors'); <see cref="Score"/> is for the whole path. Best-of-N: one node per candidate.
/// </summary>
public sealed record TreeNode(int Id, int? ParentId, int Subtree, int Depth, string Text, int[] TokenIds,
    float[] LogProbsWithout, float[] LogProbsWith, double Score, FinishReason FinishReason, bool Kept);
