using System.Text.Json;
using RearPlayground.Data.Entities;
using RearPlayground.Worker.Cli;

namespace RearPlayground.Web.Components.Pages.Runs.Results;

/// <summary>A stored candidate as the results page uses it: its text, tokens and per-token ℓ0 / ℓp, parsed once.</summary>
public sealed record ResultCandidate(int Index, string Text, int[] TokenIds, float[] Without, float[] With, bool EndedWithEos,
    string FinishReason, double? GenRmScore)
{
    /// <summary>
    /// From a stored row. Arrays are read with the run JSON options (−∞ is stored as "-Infinity").
    /// <paramref name="scoredByGenRm"/>: the run's scorer was GenRM, so its stored score is the GenRM score.
    /// </summary>
    public static ResultCandidate From(CandidateEntity c, bool scoredByGenRm)
    {
        ArgumentNullException.ThrowIfNull(c);
        var without = JsonSerializer.Deserialize<float[]>(c.LogProbsWithoutJson, RunJson.Options) ?? [];
        var with = JsonSerializer.Deserialize<float[]>(c.LogProbsWithJson, RunJson.Options) ?? [];
        var ids = JsonSerializer.Deserialize<int[]>(c.TokenIdsJson, RunJson.Options) ?? [];
        return new ResultCandidate(c.Index, c.Text, ids, without, with, c.FinishReason == "eos", c.FinishReason,
            scoredByGenRm ? c.Score : c.GenRmScore);
    }
}
