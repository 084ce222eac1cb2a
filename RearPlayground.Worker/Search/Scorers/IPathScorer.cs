using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Worker.Search.Scorers;

/// <summary>
/// Ranks responses for Best-of-N and DVTS. REAR and likelihood are arithmetic on stored ℓ0/ℓp;
/// GenRM asks the model itself, so scorers get the model and batch all paths into one call.
/// </summary>
public interface IPathScorer
{
    /// <summary>Name shown in results: rear, likelihood, genrm.</summary>
    string Name { get; }

    double[] Score(LanguageModel model, ScoringContext context, IReadOnlyList<ScoredPath> paths, CancellationToken cancellationToken);
}

/// <summary>What a scorer may need besides the paths: the texts the contexts were built from.</summary>
public sealed record ScoringContext(string Question, string? Preference, RearContexts Contexts);
