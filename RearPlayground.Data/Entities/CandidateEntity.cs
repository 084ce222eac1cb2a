namespace RearPlayground.Data.Entities;

/// <summary>A complete response of a run with per-token ℓ0 / ℓp (JSON arrays), so S_REAR can be recomputed.</summary>
public sealed class CandidateEntity
{
    public Guid RunId { get; set; }
    public int Index { get; set; }
    public int NodeId { get; set; }
    public required string Text { get; set; }
    public required string TokenIdsJson { get; set; }
    public required string LogProbsWithoutJson { get; set; }
    public required string LogProbsWithJson { get; set; }
    public double Score { get; set; }
    public required string FinishReason { get; set; }
    /// <summary>GenRM's log P(Yes) − log P(No) for this response, once computed (the results page's GenRM rank).</summary>
    public double? GenRmScore { get; set; }
    /// <summary>
    /// Null for a sampled candidate (one of the run's N). <c>"greedy"</c>: the run's greedy baseline, an extra candidate
    /// stored after the N (index N), never ranked among them nor counted in N.
    /// </summary>
    public string? Baseline { get; set; }
}
