using System.Globalization;
using RearPlayground.Data.Annotations;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Annotations;

namespace RearPlayground.Web.Export;

/// <summary>
/// One CSV row per candidate of each exported run (RFC 4180, see <see cref="Csv"/>): the run, the candidate's S_REAR
/// as stored, its mean ℓ0 and ℓp per token, tokens, finish reason, whether the search picked it, and a summary of
/// the run's matching annotations about it: best votes, mean rank position (1 = first), blind-pair wins / losses /
/// ties, and the comments on it ("annotator: text", joined by " | "); comments on no candidate (on the run, or notes
/// on a rank or pair) in <c>run_comments</c>.
/// </summary>
public static class ScoresCsvExporter
{
    public const string ContentType = "text/csv";

    public static readonly string[] Columns =
    [
        "run_id", "model", "method", "lambda", "question", "preference", "candidate", "text", "s_rear", "mean_l0", "mean_lp",
        "tokens", "finish_reason", "is_best", "best_votes", "mean_rank", "pair_wins", "pair_losses", "pair_ties", "comments",
        "run_comments",
    ];

    public static IEnumerable<string> Lines(IEnumerable<AnnotatedRun> runs)
    {
        yield return Csv.Line(Columns);
        foreach (var run in runs)
        {
            var lambda = Csv.Number(RunFacts.Lambda(run.Run));
            var runComments = Comments(run.Annotations.Where(a => a.CandidateIndex is null));
            foreach (var c in run.Candidates.OrderBy(c => c.Index))
            {
                var s = Summary.Of(c.Index, run.Annotations);
                yield return Csv.Line(
                [
                    run.Run.Id.ToString(), run.Run.Model, run.Run.Method, lambda, run.Run.Question, run.Run.Preference,
                    Int(c.Index), c.Text, Csv.Number(c.Score), Csv.Number(RunFacts.Mean(c.LogProbsWithoutJson)),
                    Csv.Number(RunFacts.Mean(c.LogProbsWithJson)), Int(RunFacts.Tokens(c.TokenIdsJson)), c.FinishReason,
                    run.Run.Best == c.Index ? "true" : "false", Int(s.BestVotes), Csv.Number(s.MeanRank), Int(s.Wins), Int(s.Losses),
                    Int(s.Ties), Comments(run.Annotations.Where(a => a.CandidateIndex == c.Index)),
                    runComments,
                ]);
            }
        }
    }

    public static async Task WriteAsync(Stream stream, IEnumerable<AnnotatedRun> runs, CancellationToken ct = default)
    {
        await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
        foreach (var line in Lines(runs))
        {
            ct.ThrowIfCancellationRequested();
            await writer.WriteAsync(line);
        }
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Comments(IEnumerable<AnnotationEntity> annotations) =>
        string.Join(" | ", annotations.Where(a => a.Comment is not null).Select(a => $"{a.Annotator}: {a.Comment}"));

    /// <summary>What the annotations say about one candidate.</summary>
    private sealed record Summary(int BestVotes, double? MeanRank, int Wins, int Losses, int Ties)
    {
        public static Summary Of(int index, IReadOnlyList<AnnotationEntity> annotations)
        {
            var best = annotations.Count(a => a.Kind == AnnotationKinds.Best && a.CandidateIndex == index);
            var positions = annotations.Where(a => a.Kind == AnnotationKinds.Rank)
                .Select(a => PairwisePreferences.Order(a.Value) is { } order ? Array.IndexOf(order, index) : -1)
                .Where(p => p >= 0).Select(p => p + 1.0).ToList();
            int wins = 0, losses = 0, ties = 0;
            foreach (var p in annotations.Where(a => a.Kind == AnnotationKinds.Pair).Select(a => PairValue.TryParse(a.Value)))
            {
                if (p is null || (p.Left != index && p.Right != index)) continue;
                if (p.Choice == AnnotationKinds.Tie) ties++;
                else if ((p.Choice == AnnotationKinds.Left) == (p.Left == index)) wins++;
                else losses++;
            }
            return new Summary(best, positions.Count > 0 ? positions.Average() : null, wins, losses, ties);
        }
    }
}
