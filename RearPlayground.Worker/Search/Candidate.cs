using RearPlayground.Worker.Engine.Generation;

namespace RearPlayground.Worker.Search;

/// <summary>A scored response: token ids with ℓ0 (without preference) and ℓp (with it) per token.</summary>
public sealed record Candidate(
    int Index,
    int[] TokenIds,
    string Text,
    float[] LogProbsWithout,
    float[] LogProbsWith,
    double Score,
    FinishReason FinishReason)
{
    public bool EndedWithEos => FinishReason == FinishReason.Eos;
}

public sealed record SearchCounts(int GeneratedTokens, int ScoredPositions, int ForwardCalls);

public sealed record SearchTimings(double PrefixMs, double SamplingMs, double ScoringMs, double TotalMs);
