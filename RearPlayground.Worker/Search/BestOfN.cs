using System.Diagnostics;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Search.Scorers;

namespace RearPlayground.Worker.Search;

/// <summary>
/// Best-of-N: sample N candidates in one batch from one context, teacher-force them through the other
/// context in one batched pass, rank them with the scorer. Greedy is the N = 1, temperature 0 case.
/// Each candidate is one node under the prompt. With guidance (the guided method, or bon given λ_g) the candidates are
/// drawn from both contexts at once (<see cref="GuidedGenerator"/>), which yields ℓ0 and ℓp without a teacher-forced pass.
/// </summary>
public static class BestOfN
{
    public static SearchResult Run(LanguageModel model, SearchRequest request, Action<SearchEvent>? emit = null,
        CancellationToken cancellationToken = default)
    {
        emit ??= _ => { };
        var total = Stopwatch.StartNew();
        var (contexts, scorer, scoringContext) = SearchSetup.Begin(model, request, emit);

        if (request.EffectiveGuidance is { } guidance && !contexts.Identical)
            return Guided(model, request, new SearchSetup(contexts, scorer, scoringContext), guidance, total, emit, cancellationToken);
        var generation = Generation(model, request, contexts);
        var reporter = new SamplingReporter(model.Tokenizer, request.N, request.MaxTokens, emit);
        var (sequences, stats) = BatchGenerator.Generate(model, generation, cancellationToken, reporter.Observe);
        return Complete(model, request, new SearchSetup(contexts, scorer, scoringContext), sequences, stats, total, emit, cancellationToken);
    }

    // Both contexts' log-probs come with the draw; they are handed to Complete as the sampled and the other context's.
    private static SearchResult Guided(LanguageModel model, SearchRequest request, SearchSetup setup, double guidance, Stopwatch total,
        Action<SearchEvent> emit, CancellationToken cancellationToken)
    {
        var contexts = setup.Contexts;
        var generation = new GuidedRequest(contexts.Without, contexts.With, guidance, request.N, request.MaxTokens, request.SamplingOrDefault,
            request.Seed, request.IgnoreEos ? new HashSet<int>() : model.EosIds);
        var reporter = new SamplingReporter(model.Tokenizer, request.N, request.MaxTokens, emit);
        var (guided, stats) = GuidedGenerator.Generate(model, generation, cancellationToken, reporter.Observe);
        var sampleWith = request.SampleWithPreference;
        var sequences = guided.Select(s => new GeneratedSequence(s.TokenIds, sampleWith ? s.LogProbsWith : s.LogProbsWithout, s.FinishReason)).ToArray();
        var other = guided.Select(s => sampleWith ? s.LogProbsWithout : s.LogProbsWith).ToArray();
        return Complete(model, request, setup, sequences, stats, total, emit, cancellationToken, other);
    }

    /// <summary>What to sample for <paramref name="request"/>: N candidates of the context it samples from.</summary>
    public static GenerationRequest Generation(LanguageModel model, SearchRequest request, RearContexts contexts) =>
        new(contexts.SampleFrom(request.SampleWithPreference), request.N, request.MaxTokens, request.SamplingOrDefault, request.Seed,
            request.IgnoreEos ? new HashSet<int>() : model.EosIds);

    /// <summary>
    /// After sampling: teacher-force the other context, score, emit the nodes, the candidates and the end. A pass of several
    /// items (<see cref="BestOfNPass"/>) samples them together and completes each here, as a single run does.
    /// </summary>
    public static SearchResult Complete(LanguageModel model, SearchRequest request, SearchSetup setup, GeneratedSequence[] sequences,
        GenerationStats stats, Stopwatch total, Action<SearchEvent> emit, CancellationToken cancellationToken, float[][]? otherLogProbs = null)
    {
        var (contexts, scorer, scoringContext) = setup;
        var sampleWith = request.SampleWithPreference;
        var scoring = Stopwatch.StartNew();
        var other = otherLogProbs ?? (contexts.Identical
            ? sequences.Select(s => s.LogProbs).ToArray()
            : TeacherForcer.Score(model, contexts.SampleFrom(!sampleWith), sequences.Select(s => s.TokenIds).ToArray(), cancellationToken));
        var paths = sequences.Select((s, i) => sampleWith
            ? new ScoredPath(s.TokenIds, other[i], s.LogProbs, s.FinishReason == FinishReason.Eos)
            : new ScoredPath(s.TokenIds, s.LogProbs, other[i], s.FinishReason == FinishReason.Eos)).ToArray();
        var scores = scorer.Score(model, scoringContext, paths, cancellationToken);
        var scoringMs = scoring.Elapsed.TotalMilliseconds;

        var candidates = paths.Select((p, i) => new Candidate(i, p.TokenIds, model.Tokenizer.Decode(p.TokenIds),
            p.LogProbsWithout, p.LogProbsWith, scores[i], sequences[i].FinishReason, i)).ToArray();
        var tree = candidates.Select(c => new TreeNode(c.Index, null, c.Index, 1, c.Text, c.TokenIds,
            c.LogProbsWithout, c.LogProbsWith, c.Score, c.FinishReason, true)).ToArray();
        foreach (var n in tree)
            emit(new NodeExpanded(n.Id, null, n.Subtree, 1, n.Text, n.TokenIds, n.LogProbsWithout, n.LogProbsWith, n.Score, n.FinishReason));
        foreach (var c in candidates) emit(new CandidateFinished(c.Index, c.NodeId, c.Text, c.Score, c.FinishReason));

        var generated = sequences.Sum(s => s.TokenIds.Length);
        var counts = new SearchCounts(generated, 2 * generated, stats.ForwardCalls + (contexts.Identical || otherLogProbs is not null ? 0 : 2));
        var timings = new SearchTimings(stats.PrefixMs, stats.DecodeMs, scoringMs, total.Elapsed.TotalMilliseconds);
        var (best, l0, l1, random) = SearchOutcome.Pick(candidates, request.RearOrDefault, request.Seed);
        emit(new RunFinished(best, counts, timings));
        return new SearchResult(model.Name, model.Device, request.Method, scorer.Name, contexts, request.RearOrDefault,
            candidates, best, l0, l1, random, tree, counts, timings) { Variant = model.Variant.Name };
    }
}
