using System.Diagnostics;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Search.Scorers;
using RearPlayground.Worker.Search.Warnings;

namespace RearPlayground.Worker.Search.Dvts;

/// <summary>
/// Diverse verifier tree search with REAR (../shared/docs/REAR.md): B = N / M independent subtrees; each
/// iteration every live subtree samples M one-step children from its KV state, all subtrees' children in
/// the same model calls; children are scored on their whole path (only the new step is computed, in both
/// contexts), the best child per subtree is kept and its siblings pruned.
/// </summary>
public static class DvtsSearch
{
    public static SearchResult Run(LanguageModel model, SearchRequest request, Action<SearchEvent>? emit = null,
        CancellationToken cancellationToken = default)
    {
        emit ??= _ => { };
        var clock = Stopwatch.StartNew();
        var (contexts, scorer, scoringContext) = SearchSetup.Begin(model, request, emit);

        int m = request.M, b = request.N / m;
        var sampleWith = request.SampleWithPreference;
        var sampleContext = contexts.SampleFrom(sampleWith);
        var otherContext = contexts.SampleFrom(!sampleWith);
        var rules = new StepRules(request.IgnoreEos ? new HashSet<int>() : model.EosIds, request.Stop, request.StepTokens);
        var subtrees = Enumerable.Range(0, b).Select(i => new SubtreePath(i)).ToList();
        var tree = new List<TreeNode>();
        int calls = 0, generated = 0, forced = 0;
        double samplingMs = 0, scoringMs = 0;

        // Each state holds its path minus the last token, which waits in pending[] to be fed first.
        var sample = Prefill.Fork(model, sampleContext, b, cancellationToken);
        var other = contexts.Identical ? null : Prefill.Fork(model, otherContext, b, cancellationToken);
        calls += (sampleContext.Length > 1 ? 1 : 0) + (other is not null && otherContext.Length > 1 ? 1 : 0);
        var pendingSample = Enumerable.Repeat(sampleContext[^1], b).ToArray();
        var pendingOther = Enumerable.Repeat(otherContext[^1], b).ToArray();
        var prefixMs = clock.Elapsed.TotalMilliseconds;
        var live = Enumerable.Range(0, b).ToList(); // live[i] = subtree held in state row i
        try
        {
            for (var iteration = 0; iteration < request.MaxSteps && live.Count > 0; iteration++)
            {
                var last = iteration == request.MaxSteps - 1;
                var fork = live.SelectMany((_, row) => Enumerable.Repeat(row, m)).ToArray();
                var owner = fork.Select(row => subtrees[live[row]]).ToArray();
                using var childSample = sample.Gather(fork);
                using var childOther = other?.Gather(fork);

                var phase = Stopwatch.StartNew();
                var randoms = owner.Select((s, c) => SeededRandom.ForCandidate(request.Seed, (iteration * b + s.Subtree) * m + c % m)).ToArray();
                var stepRules = last ? rules.ForLastIteration() : rules;
                var budget = owner.Select(s => request.MaxTokens - s.Tokens.Count).ToArray();
                // With guidance both states decode together and the other context's log-probs come with the draw.
                var (steps, guidedOther, stepCalls) = request.EffectiveGuidance is { } guidance && childOther is not null
                    ? GuidedStepDecoder.DecodeAs(sampleWith, model, childSample, childOther, fork.Select(r => pendingSample[live[r]]).ToArray(),
                        fork.Select(r => pendingOther[live[r]]).ToArray(), randoms, request.SamplingOrDefault, guidance, stepRules, budget, cancellationToken)
                    : Plain(StepDecoder.Decode(model, childSample, fork.Select(r => pendingSample[live[r]]).ToArray(), randoms,
                        request.SamplingOrDefault, stepRules, budget, cancellationToken));
                calls += stepCalls;
                samplingMs += phase.Elapsed.TotalMilliseconds;
                phase.Restart();

                var stepTokens = steps.Select(s => s.TokenIds).ToArray();
                var otherLogProbs = childOther is null ? steps.Select(s => s.LogProbs).ToArray()
                    : guidedOther ?? StepForcer.Score(model, childOther, fork.Select(r => pendingOther[live[r]]).ToArray(), stepTokens, cancellationToken);
                if (childOther is not null && guidedOther is null) calls++;
                var (without, with) = sampleWith ? (otherLogProbs, steps.Select(s => s.LogProbs).ToArray()) : (steps.Select(s => s.LogProbs).ToArray(), otherLogProbs);
                var paths = steps.Select((s, c) => owner[c].Extend(s.TokenIds, without[c], with[c], s.FinishReason == FinishReason.Eos)).ToArray();
                var scores = scorer.Score(model, scoringContext, paths, cancellationToken);
                scoringMs += phase.Elapsed.TotalMilliseconds;
                generated += steps.Sum(s => s.TokenIds.Length);
                forced += childOther is null ? 0 : steps.Sum(s => s.TokenIds.Length);

                var firstId = tree.Count;
                for (var c = 0; c < steps.Length; c++)
                {
                    var node = new TreeNode(firstId + c, owner[c].LastNodeId, owner[c].Subtree, iteration + 1, model.Tokenizer.Decode(steps[c].TokenIds),
                        steps[c].TokenIds, without[c], with[c], scores[c], steps[c].FinishReason, false);
                    tree.Add(node);
                    emit(new NodeExpanded(node.Id, node.ParentId, node.Subtree, node.Depth, node.Text, node.TokenIds,
                        node.LogProbsWithout, node.LogProbsWith, node.Score, node.FinishReason));
                }

                var keep = new List<int>();
                for (var row = 0; row < live.Count; row++)
                {
                    var children = Enumerable.Range(row * m, m).ToArray();
                    var best = children[Ranker.Best([.. children.Select(c => scores[c])])];
                    var path = subtrees[live[row]];
                    tree[firstId + best] = tree[firstId + best] with { Kept = true };
                    emit(new NodeSelected(path.Subtree, firstId + best, children.Where(c => c != best).Select(c => firstId + c).ToArray()));
                    path.Append(steps[best].TokenIds, without[best], with[best]);
                    path.LastNodeId = firstId + best;
                    path.Score = scores[best];
                    path.FinishReason = steps[best].FinishReason;
                    path.Finished = last || steps[best].FinishReason == FinishReason.Eos || path.Tokens.Count >= request.MaxTokens;
                    if (path.Finished)
                        emit(new CandidateFinished(path.Subtree, firstId + best, model.Tokenizer.Decode(path.Tokens), path.Score, path.FinishReason));
                    else
                        keep.Add(best);
                    pendingSample[path.Subtree] = pendingOther[path.Subtree] = steps[best].TokenIds[^1];
                }
                Replace(ref sample, childSample.Gather(keep));
                if (other is not null) Replace(ref other, childOther!.Gather(keep));
                live = keep.Select(c => owner[c].Subtree).ToList();
                emit(new ProgressReported(iteration + 1, request.MaxSteps, generated, generated / clock.Elapsed.TotalSeconds));
            }
        }
        finally
        {
            sample.Dispose();
            other?.Dispose();
        }

        var candidates = subtrees.Select(p => new Candidate(p.Subtree, [.. p.Tokens], model.Tokenizer.Decode(p.Tokens),
            [.. p.Without], [.. p.With], p.Score, p.FinishReason, p.LastNodeId ?? -1)).ToArray();
        var counts = new SearchCounts(generated, generated + forced, calls);
        var timings = new SearchTimings(prefixMs, samplingMs, scoringMs, clock.Elapsed.TotalMilliseconds);
        var (bestIndex, l0, l1, random) = SearchOutcome.Pick(candidates, request.RearOrDefault, request.Seed);
        RunWarning[] warnings = SingleStepWarning.For(request, tree) is { } single ? [single] : [];
        emit(new RunFinished(candidates[bestIndex].NodeId, counts, timings) { Warnings = warnings });
        return new SearchResult(model.Name, model.Device, request.Method, scorer.Name, contexts, request.RearOrDefault,
            candidates, bestIndex, l0, l1, random, tree, counts, timings) { Variant = model.Variant.Name, Warnings = warnings };
    }

    private static (StepDecoder.Step[], float[][]?, int) Plain((StepDecoder.Step[] Steps, int Calls) decoded) => (decoded.Steps, null, decoded.Calls);

    // Swaps in the kept rows, packing out padding holes when they have grown large.
    private static void Replace(ref KvState state, KvState next)
    {
        state.Dispose();
        var compact = next.CompactIfHoley();
        if (compact is not null) next.Dispose();
        state = compact ?? next;
    }
}
