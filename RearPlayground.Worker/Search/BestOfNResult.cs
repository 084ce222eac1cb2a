using RearPlayground.Worker.Rear;

namespace RearPlayground.Worker.Search;

/// <summary>
/// Candidates ranked by S_REAR, with the baselines picked from the same candidates:
/// λ = 0 (likelihood without preference), λ = 1 (with it) and a seeded random pick.
/// </summary>
public sealed record BestOfNResult(
    string Model,
    string Device,
    string Method,
    RearContexts Contexts,
    RearOptions Rear,
    IReadOnlyList<Candidate> Candidates,
    int Best,
    int BestLambda0,
    int BestLambda1,
    int RandomPick,
    SearchCounts Counts,
    SearchTimings Timings);
