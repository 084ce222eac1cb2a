using RearPlayground.Data.Entities;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Selection;

namespace RearPlayground.Worker.Batches.Report;

/// <summary>
/// One item's stored pool, judged once: per candidate (by position, the pool sorted by index) whether it is correct, the
/// answer group it votes for, its weight in the weighted vote and the scores of the rank selectors. Everything the
/// report and the accuracy-against-N curve compute reads these arrays, so no text is parsed twice.
/// </summary>
public sealed class JudgedPool
{
    private JudgedPool(SelectorPool pool, RearOptions rear, bool[] correct, int[] group, int groups, double[] weights, bool? greedy, double temperature)
    {
        Temperature = temperature;
        Pool = pool;
        Rear = rear;
        Correct = correct;
        Group = group;
        Groups = groups;
        Weights = weights;
        GreedyCorrect = greedy;
        Indices = [.. pool.Candidates.Select(c => c.Index)];
        Scores = new Dictionary<string, double[]>
        {
            [PoolSelectors.RearName] = Ranker.Scores(pool.Candidates, rear),
            [PoolSelectors.LikelihoodName] = Ranker.Scores(pool.Candidates, rear with { Lambda = 0 }),
            [PoolSelectors.PreferenceName] = Ranker.Scores(pool.Candidates, rear with { Lambda = 1 }),
        };
        if (PoolSelectors.GenRm(pool) is not null) Scores[PoolSelectors.GenRmName] = [.. pool.GenRm.Select(s => s!.Value)];
    }

    public SelectorPool Pool { get; }
    /// <summary>T of the weighted vote's softmax.</summary>
    public double Temperature { get; }
    public RearOptions Rear { get; }
    public int Count => Correct.Length;
    public int[] Indices { get; }
    public bool[] Correct { get; }
    /// <summary>The answer group of each candidate (equal <see cref="AnswerChecker.Key"/>s), −1 when it has no answer.</summary>
    public int[] Group { get; }
    public int Groups { get; }
    /// <summary>exp((S_REAR − max S_REAR) / T) at the run's λ; 0 for a −∞ score; all 1 when every score is −∞.</summary>
    public double[] Weights { get; }
    /// <summary>Whether the greedy baseline is correct; null without one.</summary>
    public bool? GreedyCorrect { get; }
    /// <summary>The arg-max selectors' scores by position (rear, likelihood, preference, and genrm once it has scored every candidate).</summary>
    public Dictionary<string, double[]> Scores { get; }

    /// <summary>Null when the item cannot be judged (no answer, no rule check) or its pool is empty.</summary>
    public static JudgedPool? Judge(SelectorPool pool, RearOptions rear, ItemTruth truth, ItemJudge judge, string? greedyText = null, VoteOptions? votes = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(rear);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(judge);
        votes ??= VoteOptions.Default;
        if (!(votes.Temperature > 0 && double.IsFinite(votes.Temperature))) throw new ArgumentException("vote temperature must be a positive number");
        if (!truth.Judgeable || pool.Candidates.Count == 0) return null;

        var n = pool.Candidates.Count;
        var correct = new bool[n];
        var group = new int[n];
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var text = pool.Candidates[i].Text;
            correct[i] = judge.Correct(truth, text) == true;
            var key = judge.VoteKey(truth, text);
            if (key is null) { group[i] = -1; continue; }
            if (!keys.TryGetValue(key, out var g)) keys[key] = g = keys.Count;
            group[i] = g;
        }
        var greedy = pool.Greedy is null || greedyText is null ? (bool?)null : judge.Correct(truth, greedyText) == true;
        return new JudgedPool(pool, rear, correct, group, keys.Count, WeightsOf(Ranker.Scores(pool.Candidates, rear), votes.Temperature), greedy, votes.Temperature);
    }

    /// <summary>From a finished run's candidate rows (the pool and, when stored, the greedy baseline row).</summary>
    public static JudgedPool? Judge(IEnumerable<CandidateEntity> rows, long seed, RearOptions rear, ItemTruth truth, ItemJudge judge, VoteOptions? votes = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var all = rows.ToList();
        var greedyText = all.FirstOrDefault(r => r.Baseline == Baselines.Greedy)?.Text;
        return Judge(SelectorPool.From(all, seed), rear, truth, judge, greedyText, votes);
    }

    /// <summary>Each selector's pick on the whole pool and whether it is correct.</summary>
    public ItemResult Result(string item)
    {
        var picks = PoolSelectors.PickAll(Pool, Rear);
        var at = Indices.Select((index, position) => (index, position)).ToDictionary(x => x.index, x => x.position);
        var correct = new Dictionary<string, bool?>();
        var chosen = new Dictionary<string, int?>();
        foreach (var name in PoolSelectors.Names)
        {
            chosen[name] = picks[name];
            correct[name] = name == PoolSelectors.GreedyName ? GreedyCorrect : picks[name] is { } p ? Correct[at[p]] : null;
        }
        var all = Enumerable.Range(0, Count).ToArray();
        var buffers = new VoteBuffers(Groups, Count);
        foreach (var (name, weighted) in new[] { (ReportSelectors.Majority, false), (ReportSelectors.Weighted, true) })
        {
            var winner = PoolVotes.Winner(this, all, weighted, buffers);
            chosen[name] = winner < 0 ? null : Indices[winner];
            correct[name] = winner >= 0 && Correct[winner]; // no answer in the pool: the vote answers nothing, which is wrong
        }
        return new ItemResult(item, correct, chosen);
    }

    private static double[] WeightsOf(double[] scores, double temperature)
    {
        var max = scores.Where(double.IsFinite).DefaultIfEmpty(double.NegativeInfinity).Max();
        if (double.IsNegativeInfinity(max)) return [.. scores.Select(_ => 1.0)];
        return [.. scores.Select(s => double.IsFinite(s) ? Math.Exp((s - max) / temperature) : s == double.PositiveInfinity ? 1 : 0)];
    }
}
