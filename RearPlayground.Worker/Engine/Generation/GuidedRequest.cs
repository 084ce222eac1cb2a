using RearPlayground.Worker.Engine.Sampling;

namespace RearPlayground.Worker.Engine.Generation;

/// <summary>
/// Sample <see cref="Count"/> continuations guided by both contexts (<see cref="GuidanceMix"/> at <see cref="Guidance"/>).
/// Candidate i draws from <c>SeededRandom.ForCandidate(Seed, i)</c>, as <see cref="BatchGenerator"/>'s do.
/// </summary>
public sealed record GuidedRequest(
    int[] Without,
    int[] With,
    double Guidance,
    int Count,
    int MaxNewTokens,
    SamplingOptions Sampling,
    long Seed,
    IReadOnlySet<int> StopIds);

/// <summary>One guided continuation: its tokens with ℓ0 and ℓp, the temperature-1 log-probs of each context's row at the drawn token.</summary>
public sealed record GuidedSequence(int[] TokenIds, float[] LogProbsWithout, float[] LogProbsWith, FinishReason FinishReason);
