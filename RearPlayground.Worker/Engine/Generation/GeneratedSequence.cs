namespace RearPlayground.Worker.Engine.Generation;

/// <summary>Why a sequence stopped growing.</summary>
public enum FinishReason { Eos, Length, Stop }

/// <summary>One sampled continuation: its token ids and each token's log-prob under the context it was sampled from.</summary>
public sealed record GeneratedSequence(int[] TokenIds, float[] LogProbs, FinishReason FinishReason);

/// <summary>What one batched generation did, for counts and timings.</summary>
public sealed record GenerationStats(int ForwardCalls, int GeneratedTokens, double PrefixMs, double DecodeMs);
