using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Search.Dvts;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Search.Warnings;

namespace RearPlayground.Worker.Search;

/// <summary>Runs the method a request names. The CLI, the jobs and the tests all come through here.</summary>
public static class SearchRunner
{
    public static SearchResult Run(LanguageModel model, SearchRequest request, Action<SearchEvent>? emit = null,
        CancellationToken cancellationToken = default)
    {
        request.Validate();
        // Resolved here, so runStarted, the result and the stored run all carry the rule that ran.
        request = DefaultStepRule.Resolve(model, request);
        // The guided method's default λ_g is written in, so runStarted and the stored run say what was drawn with.
        request = request with { Guidance = request.EffectiveGuidance };
        SearchResult Search(Action<SearchEvent>? events) => request.Method switch
        {
            "greedy" => BestOfN.Run(model, request with { N = 1, Sampling = SamplingOptions.Greedy }, events, cancellationToken),
            "bon" or "guided" => BestOfN.Run(model, request, events, cancellationToken),
            "dvts" => DvtsSearch.Run(model, request, events, cancellationToken),
            _ => throw new ArgumentException($"unknown method '{request.Method}'"),
        };
        // The search's last event, runFinished, waits until the finished candidates are checked, so it carries the warnings.
        var finish = new WarnedFinish(emit);
        var result = request.IncludeGreedy
            ? GreedyBaseline.Around(model, request, finish.Events ?? (_ => { }), Search, cancellationToken)
            : Search(finish.Events);
        result = finish.Finish(result with { Request = request });
        return result;
    }
}
