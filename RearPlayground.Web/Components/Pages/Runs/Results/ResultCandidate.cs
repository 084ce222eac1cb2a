using RearPlayground.Data.Entities;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Web.Components.Pages.Runs.Results;

/// <summary>A stored candidate as the results page uses it: its text, tokens and per-token ℓ0 / ℓp, parsed once.</summary>
public sealed record ResultCandidate(int Index, string Text, int[] TokenIds, float[] Without, float[] With, bool EndedWithEos,
    string FinishReason, double? GenRmScore) : IRankable
{
    float[] IRankable.LogProbsWithout => Without;
    float[] IRankable.LogProbsWith => With;

    /// <summary>
    /// From a stored row, its arrays read by <see cref="StoredArrays"/> (−∞ is stored as "-Infinity").
    /// <paramref name="scoredByGenRm"/>: the run's scorer was GenRM, so its stored score is the GenRM score.
    /// </summary>
    public static ResultCandidate From(CandidateEntity c, bool scoredByGenRm)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new ResultCandidate(c.Index, c.Text, StoredArrays.TokenIds(c.TokenIdsJson),
            StoredArrays.LogProbs(c.LogProbsWithoutJson), StoredArrays.LogProbs(c.LogProbsWithJson), c.FinishReason == "eos", c.FinishReason,
            scoredByGenRm ? c.Score : c.GenRmScore);
    }
}
