using RearPlayground.Data.Entities;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Worker.Contracts;

/// <summary>A stored candidate row with its ℓ0 / ℓp parsed: what re-scoring a finished run reads.</summary>
/// <param name="Score">The score stored when the run ran (its scorer's; S_REAR at the run's λ for "rear").</param>
public sealed record StoredCandidate(int Index, string Text, float[] LogProbsWithout, float[] LogProbsWith, string FinishReason, double Score)
    : IRankable
{
    public bool EndedWithEos => FinishReason == "eos";

    public static StoredCandidate From(CandidateEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new StoredCandidate(row.Index, row.Text, StoredArrays.LogProbs(row.LogProbsWithoutJson),
            StoredArrays.LogProbs(row.LogProbsWithJson), row.FinishReason, row.Score);
    }
}
