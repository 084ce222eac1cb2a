using System.Text.Json.Nodes;
using RearPlayground.Data.Entities;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Web.Runs;

/// <summary>The rescore API's answer: a run's stored candidates ranked by <see cref="Ranker"/> for another λ, γ or aggregation.</summary>
public static class Rescorer
{
    public static JsonObject Rescore(IReadOnlyList<CandidateEntity> candidates, RearOptions options)
    {
        var stored = candidates.OrderBy(c => c.Index).Select(StoredCandidate.From).ToList();
        var scores = Ranker.Scores(stored, options);
        var order = Ranker.Order(scores, [.. stored.Select(c => c.Index)]);
        return new JsonObject
        {
            ["lambda"] = options.Lambda,
            ["gamma"] = options.Gamma,
            ["agg"] = options.Aggregation.Name(),
            ["best"] = order.Length == 0 ? null : stored[order[0]].Index,
            ["candidates"] = new JsonArray([.. order.Select(i => new JsonObject
            {
                ["index"] = stored[i].Index,
                ["text"] = stored[i].Text,
                ["score"] = RunJsonMapper.Number(scores[i]),
                ["storedScore"] = RunJsonMapper.Number(stored[i].Score),
            })]),
        };
    }
}
