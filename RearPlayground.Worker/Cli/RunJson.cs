using System.Text.Json;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search;

namespace RearPlayground.Worker.Cli;

/// <summary>The <c>run --json</c> document, written in the stored-run JSON (<see cref="StoredJson"/>).</summary>
public static class RunJson
{
    /// <param name="modelHash">SHA-256 of the variant's files (<see cref="Engine.LanguageModel.ComputeOnnxHash"/>), when known.</param>
    public static string Serialize(SearchResult r, string? modelHash = null) => JsonSerializer.Serialize(new
    {
        model = r.Model,
        variant = r.Variant,
        modelHash,
        device = r.Device,
        method = r.Method,
        scorer = r.Scorer,
        best = r.Best,
        baselines = new { lambda0 = r.BestLambda0, lambda1 = r.BestLambda1, random = r.RandomPick },
        stepRule = r.Method == "dvts" && r.Request is { } q ? new { stepTokens = q.StepTokens, stop = q.Stop, maxSteps = q.MaxSteps } : null,
        warnings = r.Warnings,
        rear = new { lambda = r.Rear.Lambda, gamma = r.Rear.Gamma, aggregation = r.Rear.Aggregation.Name(), scoreEos = r.Rear.ScoreEos },
        contexts = new { without = r.Contexts.Without, with = r.Contexts.With },
        candidates = r.Candidates.Select(c => new
        {
            index = c.Index,
            text = c.Text,
            tokenIds = c.TokenIds,
            logprobsWithout = c.LogProbsWithout,
            logprobsWith = c.LogProbsWith,
            score = c.Score,
            finishReason = c.FinishReason,
            nodeId = c.NodeId,
        }),
        greedy = r.Greedy is { } g ? new
        {
            index = g.Index,
            text = g.Text,
            tokenIds = g.TokenIds,
            logprobsWithout = g.LogProbsWithout,
            logprobsWith = g.LogProbsWith,
            score = g.Score,
            finishReason = g.FinishReason,
        } : null,
        tree = r.Tree.Select(n => new
        {
            id = n.Id,
            parentId = n.ParentId,
            subtree = n.Subtree,
            depth = n.Depth,
            text = n.Text,
            tokenIds = n.TokenIds,
            logprobsWithout = n.LogProbsWithout,
            logprobsWith = n.LogProbsWith,
            score = n.Score,
            kept = n.Kept,
            finishReason = n.FinishReason,
        }),
        counts = new { generatedTokens = r.Counts.GeneratedTokens, scoredPositions = r.Counts.ScoredPositions, forwardCalls = r.Counts.ForwardCalls },
        timings = new { prefixMs = r.Timings.PrefixMs, samplingMs = r.Timings.SamplingMs, scoringMs = r.Timings.ScoringMs, totalMs = r.Timings.TotalMs },
    }, StoredJson.Options);
}
