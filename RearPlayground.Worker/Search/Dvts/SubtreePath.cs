using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Search.Scorers;

namespace RearPlayground.Worker.Search.Dvts;

/// <summary>The path a DVTS subtree has kept so far: tokens with ℓ0/ℓp, its last node, whether it is done.</summary>
public sealed class SubtreePath(int subtree)
{
    public int Subtree { get; } = subtree;
    public List<int> Tokens { get; } = [];
    public List<float> Without { get; } = [];
    public List<float> With { get; } = [];
    public int? LastNodeId { get; set; }
    public double Score { get; set; } = double.NegativeInfinity;
    public FinishReason FinishReason { get; set; } = FinishReason.Length;
    public bool Finished { get; set; }

    /// <summary>This path extended by one child's step, for scoring.</summary>
    public ScoredPath Extend(int[] step, float[] without, float[] with, bool endedWithEos) =>
        new([.. Tokens, .. step], [.. Without, .. without], [.. With, .. with], endedWithEos);

    public void Append(int[] step, float[] without, float[] with)
    {
        Tokens.AddRange(step);
        Without.AddRange(without);
        With.AddRange(with);
    }
}
