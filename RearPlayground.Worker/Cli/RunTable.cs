using System.Globalization;
using RearPlayground.Worker.Search;

namespace RearPlayground.Worker.Cli;

/// <summary>The human-readable <c>run</c> output: candidates ranked by S_REAR, baselines marked.</summary>
public static class RunTable
{
    public static async Task WriteAsync(TextWriter w, SearchResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        if (r.Method == "dvts") await TreeText.WriteAsync(w, r);
        await w.WriteLineAsync($"model {r.Model}{(r.Variant is { } v ? $" ({v})" : "")} on {r.Device} · method {r.Method} · scorer {r.Scorer} · λ={r.Rear.Lambda.ToString(inv)} γ={r.Rear.Gamma.ToString(inv)} agg={r.Rear.Aggregation.ToString().ToLowerInvariant()}");
        if (r.Method == "dvts" && r.Request is { } q)
            await w.WriteLineAsync($"step rule: {Search.Dvts.DefaultStepRule.Describe(q.StepTokens, q.Stop)}, at most {q.MaxSteps} steps");
        await w.WriteLineAsync("rank  idx     S_REAR  tokens  finish  marks        text");
        var rank = 0;
        foreach (var c in r.Candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Index))
        {
            var marks = string.Join(",", new[] { (r.Best, "best"), (r.BestLambda0, "λ0"), (r.BestLambda1, "λ1"), (r.RandomPick, "rnd") }
                .Where(x => x.Item1 == c.Index).Select(x => x.Item2));
            var text = c.Text.ReplaceLineEndings("⏎");
            if (text.Length > 80) text = text[..77] + "...";
            await w.WriteLineAsync(string.Format(inv, "{0,4}  {1,3}  {2,9:F4}  {3,6}  {4,-6}  {5,-11}  {6}",
                ++rank, c.Index, c.Score, c.TokenIds.Length, c.FinishReason.ToString().ToLowerInvariant(), marks, text));
        }
        if (r.Greedy is { } g)
            await w.WriteLineAsync(string.Format(inv, "greedy baseline (not among the {0}): idx {1}, S_REAR {2:F4}, {3} tokens: {4}",
                r.Candidates.Count, g.Index, g.Score, g.TokenIds.Length, g.Text.ReplaceLineEndings("⏎")));
        await w.WriteLineAsync(string.Format(inv, "{0} tokens generated, {1} positions scored, {2} model calls; {3:F1} ms (prefix {4:F1}, sampling {5:F1}, scoring {6:F1})",
            r.Counts.GeneratedTokens, r.Counts.ScoredPositions, r.Counts.ForwardCalls, r.Timings.TotalMs, r.Timings.PrefixMs, r.Timings.SamplingMs, r.Timings.ScoringMs));
        await w.WriteLineAsync();
        await w.WriteLineAsync("best:");
        await w.WriteLineAsync(r.Candidates[r.Best].Text);
    }
}
