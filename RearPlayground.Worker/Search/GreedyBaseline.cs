using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Search.Scorers;

namespace RearPlayground.Worker.Search;

/// <summary>
/// The run option "include the greedy baseline": one greedy decode of the prompt the sampler used (with the preference
/// when <see cref="SearchRequest.SampleWithPreference"/>, else without), teacher-forced through the other context so its
/// ℓ0 / ℓp (and so S_REAR at any λ) are known, scored by the run's scorer. It is an extra candidate at index N: never
/// ranked among the N, never counted in N, never the run's best. Its tokens are exactly those of a <c>greedy</c> run of
/// the same prompt (greedy decoding draws nothing from the seed).
/// </summary>
public static class GreedyBaseline
{
    /// <summary>Its <c>CandidateEntity.Baseline</c> flag and <see cref="BaselineFinished.Baseline"/> name.</summary>
    public const string Name = "greedy";

    /// <summary>
    /// Runs <paramref name="search"/>, and when it finishes, decodes the baseline and emits <see cref="BaselineFinished"/>
    /// just before the search's <see cref="RunFinished"/> (the stream's last event stays the terminal one).
    /// </summary>
    public static SearchResult Around(LanguageModel model, SearchRequest request, Action<SearchEvent> emit,
        Func<Action<SearchEvent>, SearchResult> search, CancellationToken cancellationToken)
    {
        Candidate? baseline = null;
        var result = search(Before(model, request, emit, b => baseline = b, cancellationToken));
        return result with { Greedy = baseline };
    }

    /// <summary>
    /// <paramref name="emit"/> with the baseline decoded and emitted just before the search's <see cref="RunFinished"/>
    /// (<paramref name="decoded"/> gets it): what <see cref="Around"/> wraps a search's events in.
    /// </summary>
    public static Action<SearchEvent> Before(LanguageModel model, SearchRequest request, Action<SearchEvent> emit,
        Action<Candidate> decoded, CancellationToken cancellationToken) => e =>
    {
        if (e is RunFinished)
        {
            var baseline = Decode(model, request, request.Method == "dvts" ? request.N / request.M : request.N, cancellationToken);
            decoded(baseline);
            emit(new BaselineFinished(Name, baseline.Index, baseline.Text, baseline.TokenIds,
                baseline.LogProbsWithout, baseline.LogProbsWith, baseline.Score, baseline.FinishReason));
        }
        emit(e);
    };

    /// <summary>The baseline as a candidate at <paramref name="index"/> (the run's candidate count); node id −1: it is in no tree.</summary>
    public static Candidate Decode(LanguageModel model, SearchRequest request, int index, CancellationToken cancellationToken = default)
    {
        var contexts = ContextBuilder.Build(model, request.Question, request.Preference, request.Separator, request.System);
        var sampleWith = request.SampleWithPreference;
        var generation = new GenerationRequest(contexts.SampleFrom(sampleWith), 1, request.MaxTokens, SamplingOptions.Greedy,
            request.Seed, request.IgnoreEos ? new HashSet<int>() : model.EosIds);
        var sequence = BatchGenerator.Generate(model, generation, cancellationToken).Sequences[0];
        var other = contexts.Identical ? sequence.LogProbs
            : TeacherForcer.Score(model, contexts.SampleFrom(!sampleWith), [sequence.TokenIds], cancellationToken)[0];
        var eos = sequence.FinishReason == FinishReason.Eos;
        var path = sampleWith ? new ScoredPath(sequence.TokenIds, other, sequence.LogProbs, eos)
            : new ScoredPath(sequence.TokenIds, sequence.LogProbs, other, eos);
        var scorer = ScorerFactory.Create(request);
        var score = scorer.Score(model, new ScoringContext(request.Question, request.Preference, contexts), [path], cancellationToken)[0];
        return new Candidate(index, path.TokenIds, model.Tokenizer.Decode(path.TokenIds), path.LogProbsWithout, path.LogProbsWith,
            score, sequence.FinishReason, -1);
    }
}
