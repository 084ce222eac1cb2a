using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Worker.Search;

/// <summary>
/// A complete scored response: token ids with ℓ0 (without preference) and ℓp (with it) per token.
/// <see cref="NodeId"/> is its last node in the search tree.
/// </summary>
public sealed record Candidate(
    int Index,
    int[] TokenIds,
    string Text,
    float[] LogProbsWithout,
    float[] LogProbsWith,
    double Score,
    FinishReason FinishReason,
    int NodeId) : IRankable
{
    public bool EndedWithEos => FinishReason == FinishReason.Eos;
}

public sealed record SearchCounts(int GeneratedTokens, int ScoredPositions, int ForwardCalls);

public sealed record SearchTimings(double PrefixMs, double SamplingMs, double ScoringMs, double TotalMs);
