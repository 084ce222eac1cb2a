using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Worker.Search.Scorers;

/// <summary>S_REAR with the given λ, γ and aggregation. λ = 0 / λ = 1 are the likelihood baselines.</summary>
public sealed class RearScorer(RearOptions options, string name = "rear") : IPathScorer
{
    public RearOptions Options { get; } = options;
    public string Name { get; } = name;

    /// <summary>Likelihood of the response with (λ = 1) or without (λ = 0) the preference, named for the UI.</summary>
    public static RearScorer Likelihood(RearOptions options, bool withPreference = true) =>
        new(options with { Lambda = withPreference ? 1 : 0 }, "likelihood");

    public double Score(ScoredPath path) =>
        RearScore.Compute(path.LogProbsWithout, path.LogProbsWith, Options, path.EndedWithEos);

    public double[] Score(LanguageModel model, ScoringContext context, IReadOnlyList<ScoredPath> paths, CancellationToken cancellationToken) =>
        paths.Select(Score).ToArray();
}
