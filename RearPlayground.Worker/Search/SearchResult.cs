using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search.Warnings;

namespace RearPlayground.Worker.Search;

/// <summary>
/// A finished search: complete candidates ranked by the scorer, the baselines picked from the same
/// candidates (λ = 0, λ = 1, seeded random), and the whole tree (Best-of-N: one node per candidate).
/// </summary>
public sealed record SearchResult(
    string Model,
    string Device,
    string Method,
    string Scorer,
    RearContexts Contexts,
    RearOptions Rear,
    IReadOnlyList<Candidate> Candidates,
    int Best,
    int BestLambda0,
    int BestLambda1,
    int RandomPick,
    IReadOnlyList<TreeNode> Tree,
    SearchCounts Counts,
    SearchTimings Timings)
{
    /// <summary>Which ONNX file of the model ran (model_q4.onnx → "q4").</summary>
    public string? Variant { get; init; }

    /// <summary>The request as it ran, defaults resolved (DVTS's step rule); set by <see cref="SearchRunner"/>.</summary>
    public SearchRequest? Request { get; init; }

    /// <summary>The greedy baseline when the request asked for it: outside <see cref="Candidates"/>, at index Candidates.Count.</summary>
    public Candidate? Greedy { get; init; }

    /// <summary>As in <see cref="Events.RunFinished.Warnings"/>.</summary>
    public IReadOnlyList<RunWarning> Warnings { get; init; } = [];
}
