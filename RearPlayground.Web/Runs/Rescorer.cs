using System.Text.Json;
using System.Text.Json.Nodes;
using RearPlayground.Data.Entities;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Web.Runs;

/// <summary>Re-ranks a run's stored candidates for another λ, γ or aggregation: arithmetic on ℓ0/ℓp, no model call.</summary>
public static class Rescorer
{
    public static JsonObject Rescore(IReadOnlyList<CandidateEntity> candidates, RearOptions options)
    {
        var scored = candidates.OrderBy(c => c.Index).Select(c =>
        {
            var stored = StoredCandidate.From(c);
            return (Candidate: c, Score: RearScore.Compute(stored.LogProbsWithout, stored.LogProbsWith, options, stored.EndedWithEos));
        }).ToList();
        var best = scored.Count == 0 ? (int?)null : scored.OrderByDescending(s => s.Score).ThenBy(s => s.Candidate.Index).First().Candidate.Index;
        return new JsonObject
        {
            ["lambda"] = options.Lambda,
            ["gamma"] = options.Gamma,
            ["agg"] = options.Aggregation.Name(),
            ["best"] = best,
            ["candidates"] = new JsonArray([.. scored.OrderByDescending(s => s.Score).ThenBy(s => s.Candidate.Index).Select(s => new JsonObject
            {
                ["index"] = s.Candidate.Index,
                ["text"] = s.Candidate.Text,
                ["score"] = RunJsonMapper.Number(s.Score),
                ["storedScore"] = RunJsonMapper.Number(s.Candidate.Score),
            })]),
        };
    }
}
