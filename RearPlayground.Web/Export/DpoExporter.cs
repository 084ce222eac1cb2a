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
/// <c>run_id</c>, <c>model</c>.
/// Pairs: <c>best</c> b → (b, c) for every other candidate c; <c>rank</c> → each candidate over the next one
/// (<see cref="RankPairs.Adjacent"/>, the default) or over every one below it (<see cref="RankPairs.All"/>);
/// <c>pair</c> → the judged pair, ties skipped; comments give none.
/// By default each pair of a run is written once, in the direction most annotators prefer, ties between annotators
/// left out (<see cref="DpoRunPlan.For"/>): a line names its <c>annotators</c> (those who agree), <c>votes_for</c>,
/// <c>votes_against</c>, <c>kinds</c> and <c>annotation_ids</c>. Raw mode writes every judgement as it is, contradictions
/// and repeats included, naming its <c>annotator</c>, <c>kind</c> and <c>annotation_id</c>.
/// </summary>
public static class DpoExporter
{
    public const string ContentType = "application/jsonl";

    internal static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The records, run by run (oldest first): each pair once by majority, or with <paramref name="raw"/> every judgement.</summary>
    public static IEnumerable<JsonObject> Records(IEnumerable<AnnotatedRun> runs, RankPairs rankPairs = RankPairs.Adjacent, bool raw = false) =>
        RecordsOf(Plans(runs, rankPairs), raw);

    public static IEnumerable<JsonObject> RecordsOf(IEnumerable<DpoRunPlan> plans, bool raw)
    {
        foreach (var plan in plans)
        {
            var chat = RunFacts.IsChat(plan.Run.RunStartedJson);
            var lambda = RunFacts.Lambda(plan.Run.Run);
            var candidates = plan.Run.Candidates.ToDictionary(c => c.Index);
            if (raw)
            {
                foreach (var j in plan.Judgements)
                {
                    var record = Record(plan.Run.Run, candidates[j.Chosen], candidates[j.Rejected], chat, lambda);
                    record["annotator"] = j.Annotation.Annotator;
                    record["kind"] = j.Annotation.Kind;
                    record["annotation_id"] = j.Annotation.Id;
                    yield return record;
                }
                continue;
            }
            foreach (var pair in plan.Pairs)
            {
                var record = Record(plan.Run.Run, candidates[pair.Chosen], candidates[pair.Rejected], chat, lambda);
                record["annotators"] = new JsonArray([.. pair.Annotators.Select(a => (JsonNode?)a)]);
                record["votes_for"] = pair.VotesFor;
                record["votes_against"] = pair.VotesAgainst;
                record["kinds"] = new JsonArray([.. pair.Agreeing.Select(j => j.Annotation.Kind).Distinct().Select(k => (JsonNode?)k)]);
                record["annotation_ids"] = new JsonArray([.. pair.Agreeing.Select(j => j.Annotation.Id).Distinct().Select(id => (JsonNode?)id)]);
                yield return record;
            }
        }
    }

    /// <summary>Each run's judgements and merged pairs: what the records and the summary are made from.</summary>
    public static IReadOnlyList<DpoRunPlan> Plans(IEnumerable<AnnotatedRun> runs, RankPairs rankPairs) =>
        [.. runs.Select(r => DpoRunPlan.For(r, rankPairs))];

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

    public static JsonObject Record(RunEntity run, CandidateEntity chosen, CandidateEntity rejected, bool chat, double? lambda) => new()
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
    };

    /// <summary>One line per record, each ending in "\n"; JSON escapes every newline inside the texts.</summary>
    public static Task WriteAsync(Stream stream, IEnumerable<AnnotatedRun> runs, RankPairs rankPairs, CancellationToken ct = default) =>
        WriteAsync(stream, Plans(runs, rankPairs), raw: false, ct);

    public static async Task WriteAsync(Stream stream, IEnumerable<DpoRunPlan> plans, bool raw, CancellationToken ct = default)
    {
        await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        foreach (var record in RecordsOf(plans, raw))
        {
            ct.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(record.ToJsonString(Json));
        }
    }

    private static JsonArray Messages(string role, string content) => [new JsonObject { ["role"] = role, ["content"] = content }];
}
