using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Search.Scorers;

namespace RearPlayground.Worker.Search;

/// <summary>What every search does first: validate, build both contexts, check they fit, pick the scorer, announce the run.</summary>
public sealed record SearchSetup(RearContexts Contexts, IPathScorer Scorer, ScoringContext ScoringContext)
{
    public static SearchSetup Begin(LanguageModel model, SearchRequest request, Action<SearchEvent> emit)
    {
        request.Validate();
        var contexts = ContextBuilder.Build(model, request.Question, request.Preference, request.Separator, request.System);
        contexts.EnsureFits(model.MaxPositions, request.MaxTokens);
        var scorer = ScorerFactory.Create(request);
        emit(new RunStarted(request.Method, scorer.Name, request, ModelFacts.Of(model), model.Device, contexts.Without, contexts.With));
        return new SearchSetup(contexts, scorer, new ScoringContext(request.Question, request.Preference, contexts));
    }
}
