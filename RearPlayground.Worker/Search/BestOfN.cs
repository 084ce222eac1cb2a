using System.Diagnostics;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Worker.Search;

/// <summary>
/// Best-of-N with REAR: sample N candidates in one batch from one context, teacher-force them through the
/// other context in one batched pass, rank by S_REAR. Greedy is the N = 1, temperature 0 case.
/// </summary>
public static class BestOfN
{
    public static BestOfNResult Run(LanguageModel model, SearchRequest request, string method = "bon", CancellationToken cancellationToken = default)
    {
        request.Validate();
        var total = Stopwatch.StartNew();
        var contexts = ContextBuilder.Build(model, request.Question, request.Preference, request.Separator);
        contexts.EnsureFits(model.MaxPositions, request.MaxTokens);
        var sampleWith = request.SampleWithPreference;
        var generation = new GenerationRequest(contexts.SampleFrom(sampleWith), request.N, request.MaxTokens,
            request.SamplingOrDefault, request.Seed, request.IgnoreEos ? new HashSet<int>() : model.EosIds);
        var (sequences, stats) = BatchGenerator.Generate(model, generation, cancellationToken);

        var scoring = Stopwatch.StartNew();
        float[][] other;
        if (contexts.Identical)
        {
            other = sequences.Select(s => s.LogProbs).ToArray();
        }
        else
        {
            (other, _) = TeacherForcer.Score(model, contexts.SampleFrom(!sampleWith),
                sequences.Select(s => s.TokenIds).ToArray(), cancellationToken);
        }
        var scoringMs = scoring.Elapsed.TotalMilliseconds;

        var rear = request.RearOrDefault;
        var candidates = sequences.Select((s, i) =>
        {
            var without = sampleWith ? other[i] : s.LogProbs;
            var with = sampleWith ? s.LogProbs : other[i];
            return new Candidate(i, s.TokenIds, model.Tokenizer.Decode(s.TokenIds), without, with,
                RearScore.Compute(without, with, rear, s.FinishReason == FinishReason.Eos), s.FinishReason);
        }).ToArray();

        var generated = sequences.Sum(s => s.TokenIds.Length);
        var counts = new SearchCounts(generated, 2 * generated, stats.ForwardCalls + (contexts.Identical ? 0 : 2));
        var timings = new SearchTimings(stats.PrefixMs, stats.DecodeMs, scoringMs, total.Elapsed.TotalMilliseconds);
        return new BestOfNResult(model.Name, model.Device, method, contexts, rear, candidates,
            ArgMax(candidates, c => c.Score),
            ArgMax(candidates, c => Rescore(c, rear with { Lambda = 0 })),
            ArgMax(candidates, c => Rescore(c, rear with { Lambda = 1 })),
            (int)(SeededRandom.ForCandidate(request.Seed, -1).NextUInt64() % (ulong)candidates.Length),
            counts, timings);
    }

    public static double Rescore(Candidate c, RearOptions options) =>
        RearScore.Compute(c.LogProbsWithout, c.LogProbsWith, options, c.EndedWithEos);

    /// <summary>Index of the highest score; ties go to the first.</summary>
    public static int ArgMax(IReadOnlyList<Candidate> candidates, Func<Candidate, double> score)
    {
        var best = 0;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < candidates.Count; i++)
        {
            var s = score(candidates[i]);
            if (s > bestScore) { best = i; bestScore = s; }
        }
        return best;
    }
}
