namespace RearPlayground.Worker.Search.Scorers;

/// <summary>A (partial or finished) response to score: its tokens with ℓ0 and ℓp per token.</summary>
public sealed record ScoredPath(int[] TokenIds, float[] LogProbsWithout, float[] LogProbsWith, bool EndedWithEos);
