using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Campaigns;

/// <summary>The tasks and states a campaign takes, as stored and as the API names them.</summary>
public static class CampaignTasks
{
    public const string Best = "best", Rank = "rank", Pairs = "pairs", Arena = "arena";
    public static readonly string[] All = [Best, Rank, Pairs, Arena];

    /// <summary>How a task is judged: an arena item is a blind pair (A, B or tie), so it is judged as <see cref="Pairs"/>.</summary>
    public static string JudgedAs(string task) => task == Arena ? Pairs : task;

    public const string Open = "open", Closed = "closed";

    /// <summary>An arena item whose two selectors picked the same candidate: a tie recorded without asking anyone.</summary>
    public static bool IsRecordedTie(CampaignItemEntity item) => item.First is { } first && first == item.Second;
}

/// <summary>What a judgment write came to.</summary>
public enum JudgeOutcome { Ok, NotFound, Closed, AlreadyJudged, NotJudged, Full }

/// <summary>A judgment to store: the order shown and the value, both already in candidate indices.</summary>
public sealed record JudgmentWrite(long CampaignId, long ItemId, string Annotator, string OrderJson, string? ValueJson, string? Comment,
    bool Skipped, string? SkipReason, double? Seconds);

/// <summary>An annotator's progress: judged (skips included) out of what they have done or could still be given.</summary>
public sealed record AnnotatorProgress(string Annotator, int Done, int Assigned);

/// <summary>What adding items to a campaign came to.</summary>
public enum AddItemsOutcome { Added, NotFound, Closed, RunsPresent }

/// <summary>The outcome, and for <see cref="AddItemsOutcome.RunsPresent"/> the runs already in the campaign.</summary>
public sealed record ItemsAdded(AddItemsOutcome Outcome, IReadOnlyList<Guid> RunsPresent);

/// <summary>
/// What a campaign checks of a run before taking it: its status, its question (for messages), its pool size and its method
/// (a guided run of one sample is a side of a guided arena).
/// </summary>
public sealed record RunFacts(RunStatus Status, string Question, int Candidates, string Method = "");
