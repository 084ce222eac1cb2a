using System.Security.Claims;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Web.Accounts;
using RearPlayground.Web.Components.Shared;
using RearPlayground.Web.Runs;
using RearPlayground.Worker.Search.Warnings;

namespace RearPlayground.Web.Components.Pages.History;

/// <summary>One run as the history shows it, with what the signed-in user may do to it.</summary>
public sealed record HistoryRow(RunEntity Run, RunListExtras Extras, bool CanCancel, bool CanDelete)
{
    /// <summary>N, M, step rule, λ and scorer, as far as the method uses them.</summary>
    public IReadOnlyList<RunSetting> Settings { get; } = RunSettings.Of(Run, RunSettings.Request(Run));

    /// <summary>The run's warnings (codes shown as chips in the row).</summary>
    public IReadOnlyList<RunWarning> Warnings { get; } = RunJsonMapper.WarningList(Run);

    /// <summary>The method as the Playground form names it ("Best-of-N").</summary>
    public string MethodLabel => MethodNames.Label(Run.Method);

    public bool IsActive => !Run.Status.IsTerminal();

    /// <summary>Start to end; still counting while it runs; null before it starts.</summary>
    public TimeSpan? Duration(DateTimeOffset now) => Run.StartedAt is { } started ? (Run.FinishedAt ?? now) - started : null;

    // One run is one row across reloads: the table keys its rows by item, so a refresh keeps them (and an open menu) in place.
    public bool Equals(HistoryRow? other) => other is not null && other.Run.Id == Run.Id;

    public override int GetHashCode() => Run.Id.GetHashCode();

    public static HistoryRow For(RunEntity run, RunListExtras extras, ClaimsPrincipal user) =>
        new(run, extras, RunPermissions.CanCancel(run, user), RunPermissions.CanDelete(run, user));
}
