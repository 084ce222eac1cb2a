using RearPlayground.Data.Entities;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Selection;

namespace RearPlayground.Web.Campaigns;

/// <summary>Which run of a question a selector takes its pick from.</summary>
public enum ArenaRole
{
    /// <summary>A run sampled without guidance (Best-of-N, DVTS): the pool selectors (rear = Best-of-N-REAR, likelihood, …).</summary>
    Plain,
    /// <summary>A run of method guided: its REAR pick (the only sample at N = 1).</summary>
    Guided,
    /// <summary>A Best-of-N or DVTS run drawn with guidance: its REAR pick (guided Best-of-N).</summary>
    GuidedBon,
}

/// <summary>
/// The arena's selectors: the pool selectors, which pick from one run's pool, and <c>guided</c> / <c>guided-bon</c>, whose
/// picks live in runs of their own. With either of the latter the arena takes several runs of one question (same model,
/// question, preference and system) and each selector picks from the run of its role, at that run's own λ, γ and aggregation.
/// </summary>
public static class ArenaSelectors
{
    public const string GuidedName = "guided", GuidedBonName = "guided-bon";

    public static readonly IReadOnlyList<string> Names = [.. PoolSelectors.Names, GuidedName, GuidedBonName];

    public static ArenaRole RoleOf(string selector) => selector switch
    {
        GuidedName => ArenaRole.Guided,
        GuidedBonName => ArenaRole.GuidedBon,
        _ => ArenaRole.Plain,
    };

    /// <summary>True when some selector picks from a run of its own, so the runs are grouped by question.</summary>
    public static bool ByQuestion(IReadOnlyList<string> selectors) => selectors.Any(s => RoleOf(s) != ArenaRole.Plain);

    /// <summary>What a run can supply: method guided → Guided; guidance on Best-of-N / DVTS → GuidedBon; else Plain.</summary>
    public static ArenaRole RoleOf(RunEntity run, RunRequest request) =>
        run.Method == "guided" ? ArenaRole.Guided : request.Guidance is not null ? ArenaRole.GuidedBon : ArenaRole.Plain;

    public static string Describe(ArenaRole role) => role switch
    {
        ArenaRole.Guided => "guided run",
        ArenaRole.GuidedBon => "run drawn with guidance (Best-of-N with guidance)",
        _ => "run without guidance (Best-of-N or DVTS)",
    };
}
