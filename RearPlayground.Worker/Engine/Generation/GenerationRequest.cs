using RearPlayground.Worker.Engine.Sampling;

namespace RearPlayground.Worker.Engine.Generation;

/// <summary>
/// Sample <see cref="Count"/> continuations of <see cref="Context"/>. Candidate i draws from
/// <c>SeededRandom.ForCandidate(Seed, i)</c>, so results do not depend on batching.
/// </summary>
public sealed record GenerationRequest(
    int[] Context,
    int Count,
    int MaxNewTokens,
    SamplingOptions Sampling,
    long Seed,
    IReadOnlySet<int> StopIds);
