using RearPlayground.Data.Entities;
using RearPlayground.Web.Components.Pages.Runs.Results;

namespace RearPlayground.Tests.Results;

/// <summary>
/// Crafted candidates with known S_REAR. Under mean, A = −1 − λ and B = −3 + 2λ, so they tie at λ = 2/3 by hand:
/// A: ℓ0 = (−0.5, −1.5), ℓp = (−1, −3): mean ℓ0 = −1, mean(ℓp − ℓ0) = −1.
/// B: ℓ0 = (−2, −4), ℓp = (−1, −1): mean ℓ0 = −3, mean(ℓp − ℓ0) = 2.
/// Under sum both double, so the crossing stays at 2/3.
/// </summary>
internal static class ResultsSamples
{
    public const double FlipLambda = 2.0 / 3;

    public static ResultCandidate A(int index = 0) => Candidate(index, "A", [-0.5f, -1.5f], [-1f, -3f]);
    public static ResultCandidate B(int index = 1) => Candidate(index, "B", [-2f, -4f], [-1f, -1f]);

    public static ResultCandidate Candidate(int index, string text, float[] without, float[] with, bool eos = false, double? genRm = null) =>
        new(index, text, [.. Enumerable.Range(100, without.Length)], without, with, eos, eos ? "eos" : "length", genRm);

    public static CandidateEntity Entity(ResultCandidate c, int[]? tokenIds = null) => new()
    {
        Index = c.Index, NodeId = c.Index, Text = c.Text,
        TokenIdsJson = System.Text.Json.JsonSerializer.Serialize(tokenIds ?? c.TokenIds),
        LogProbsWithoutJson = System.Text.Json.JsonSerializer.Serialize(c.Without),
        LogProbsWithJson = System.Text.Json.JsonSerializer.Serialize(c.With),
        Score = 0, FinishReason = c.FinishReason, GenRmScore = c.GenRmScore,
    };
}
