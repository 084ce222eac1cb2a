namespace RearPlayground.Data.Runs;

/// <summary>What the history can be ordered by; ties fall back to newest first.</summary>
public enum RunSort { Created, Model, Method, Status, Owner, Duration }

public static class RunSorts
{
    /// <summary>The name in URLs and the API (lower case).</summary>
    public static string Name(this RunSort sort) => sort.ToString().ToLowerInvariant();

    public static bool TryParse(string? name, out RunSort sort) =>
        Enum.TryParse(name, ignoreCase: true, out sort) && Enum.IsDefined(sort) && !int.TryParse(name, out _);

    /// <summary>Times read best newest / longest first, names A→Z.</summary>
    public static bool DefaultDescending(RunSort sort) => sort is RunSort.Created or RunSort.Duration;
}

/// <summary>The outcome of <see cref="IRunStore.DeleteAsync"/>.</summary>
public enum RunDeletion
{
    Deleted,
    NotFound,
    /// <summary>Someone else's run, and the caller is not an admin.</summary>
    NotOwner,
    /// <summary>Still queued or running: cancel it first (its job would write to a deleted run).</summary>
    Active,
}

/// <summary>A listed run's extras: the best candidate's stored score (null before it finished) and its annotation count.</summary>
public sealed record RunListExtras(double? BestScore, int Annotations);

/// <summary>Distinct values present in the history, sorted.</summary>
public sealed record RunFacets(IReadOnlyList<string> Models, IReadOnlyList<string> Methods, IReadOnlyList<string> Owners);

/// <summary>A run's duration in ticks, translated to SQL (<c>FinishedAt - StartedAt</c>) so the history can sort by it.</summary>
public static class RunDuration
{
    public static long? Ticks(DateTimeOffset? startedAt, DateTimeOffset? finishedAt) =>
        startedAt is { } s && finishedAt is { } f ? (f - s).Ticks : null;
}
