namespace RearPlayground.Worker.Search.Scorers;

/// <summary>The scorer a request names.</summary>
public static class ScorerFactory
{
    public static IPathScorer Create(SearchRequest request) => request.Scorer switch
    {
        "rear" => new RearScorer(request.RearOrDefault),
        "likelihood" => RearScorer.Likelihood(request.RearOrDefault),
        "genrm" => new GenRmScorer(),
        _ => throw new ArgumentException($"unknown scorer '{request.Scorer}': use {string.Join(", ", SearchRequest.Scorers)}"),
    };
}
