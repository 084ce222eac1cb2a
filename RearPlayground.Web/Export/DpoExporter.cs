using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using RearPlayground.Data.Annotations;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Annotations;
using RearPlayground.Web.Runs;

namespace RearPlayground.Web.Export;

/// <summary>
/// Annotations as TRL's DPO preference data, one JSON object per line. <c>prompt</c> is the question alone: REAR
/// realigns at test time with the preference kept OUT of the prompt, so the preference is its own field. Plain
/// models get TRL's standard form (strings); chat models (see <see cref="RunFacts.IsChat"/>) its conversational
/// form: <c>prompt</c> = [{"role":"user","content":question}], <c>chosen</c>/<c>rejected</c> =
/// [{"role":"assistant","content":text}]. Besides: <c>preference</c>, <c>lambda</c>, <c>chosen_score</c> and
/// <c>rejected_score</c> (S_REAR as stored; −∞ as "-Infinity"), <c>chosen_index</c>, <c>rejected_index</c>,
/// <c>run_id</c>, <c>model</c>, <c>annotator</c>, <c>kind</c>, <c>annotation_id</c>.
/// Pairs: <c>best</c> b → (b, c) for every other candidate c; <c>rank</c> → each candidate over the next one
/// (<see cref="RankPairs.Adjacent"/>, the default) or over every one below it (<see cref="RankPairs.All"/>);
/// <c>pair</c> → the judged pair, ties skipped; comments give none.
/// </summary>
public static class DpoExporter
{
    public const string ContentType = "application/jsonl";

    internal static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Every record, run by run, annotation by annotation (oldest first).</summary>
    public static IEnumerable<JsonObject> Records(IEnumerable<AnnotatedRun> runs, RankPairs rankPairs = RankPairs.Adjacent)
    {
        foreach (var run in runs)
        {
            var chat = RunFacts.IsChat(run.RunStartedJson);
            var lambda = RunFacts.Lambda(run.Run);
            var candidates = run.Candidates.ToDictionary(c => c.Index);
            foreach (var annotation in run.Annotations)
                foreach (var (chosen, rejected) in Pairs(annotation, candidates.Keys, rankPairs))
                    if (candidates.TryGetValue(chosen, out var c) && candidates.TryGetValue(rejected, out var r))
                        yield return Record(run.Run, annotation, c, r, chat, lambda);
        }
    }

    /// <summary>(chosen, rejected) candidate indices that one annotation gives.</summary>
    public static IEnumerable<(int Chosen, int Rejected)> Pairs(AnnotationEntity a, IReadOnlyCollection<int> candidates, RankPairs rankPairs)
    {
        switch (a.Kind)
        {
            case AnnotationKinds.Best when a.CandidateIndex is { } best:
                return candidates.Where(c => c != best).Order().Select(c => (best, c));
            case AnnotationKinds.Rank when PairwisePreferences.Order(a.Value) is { } order:
                return rankPairs == RankPairs.Adjacent
                    ? order.Zip(order.Skip(1))
                    : order.SelectMany((winner, i) => order.Skip(i + 1).Select(loser => (winner, loser)));
            case AnnotationKinds.Pair when PairValue.TryParse(a.Value) is { } p:
                return p.Choice switch
                {
                    AnnotationKinds.Left => [(p.Left, p.Right)],
                    AnnotationKinds.Right => [(p.Right, p.Left)],
                    _ => [],
                };
            default:
                return [];
        }
    }

    public static JsonObject Record(RunEntity run, AnnotationEntity a, CandidateEntity chosen, CandidateEntity rejected, bool chat, double? lambda) => new()
    {
        ["prompt"] = chat ? Messages("user", run.Question) : run.Question,
        ["chosen"] = chat ? Messages("assistant", chosen.Text) : chosen.Text,
        ["rejected"] = chat ? Messages("assistant", rejected.Text) : rejected.Text,
        ["preference"] = run.Preference,
        ["lambda"] = lambda,
        ["chosen_score"] = RunJsonMapper.Number(chosen.Score),
        ["rejected_score"] = RunJsonMapper.Number(rejected.Score),
        ["chosen_index"] = chosen.Index,
        ["rejected_index"] = rejected.Index,
        ["run_id"] = run.Id,
        ["model"] = run.Model,
        ["annotator"] = a.Annotator,
        ["kind"] = a.Kind,
        ["annotation_id"] = a.Id,
    };

    /// <summary>One line per record, each ending in "\n"; JSON escapes every newline inside the texts.</summary>
    public static async Task WriteAsync(Stream stream, IEnumerable<AnnotatedRun> runs, RankPairs rankPairs, CancellationToken ct = default)
    {
        await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        foreach (var record in Records(runs, rankPairs))
        {
            ct.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(record.ToJsonString(Json));
        }
    }

    private static JsonArray Messages(string role, string content) => [new JsonObject { ["role"] = role, ["content"] = content }];
}
