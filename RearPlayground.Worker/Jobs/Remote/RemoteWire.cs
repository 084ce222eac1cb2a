using RearPlayground.Data.Entities;

namespace RearPlayground.Worker.Jobs.Remote;

/// <summary>
/// What a worker on another machine and the web app say to each other over HTTP (<c>/api/worker/runs/…</c>): the web
/// app alone writes the run database, the worker sends it the search's events as the event format has them.
/// </summary>
public static class RemoteWire
{
    public const string RunsPath = "api/worker/runs";

    /// <summary>The status the run must have for a worker to store events into it: anything else refuses them (409).</summary>
    public static bool Accepts(RunStatus status) => status is RunStatus.Queued or RunStatus.Running;
}

/// <summary>
/// One event of a run's stream. <paramref name="ModelHash"/> and <paramref name="Error"/> carry what the worker alone knows
/// (the model file's hash with <c>runStarted</c>; why a cancelled run stopped).
/// </summary>
public sealed record RemoteEvent(string Type, string PayloadJson, DateTimeOffset? At, string? ModelHash = null, string? Error = null);

/// <summary>
/// Events <paramref name="From"/>… of the run's stream (0 = its first event): a batch sent again after a lost answer
/// is recognised by its position and stored once.
/// </summary>
public sealed record RemoteBatch(long From, IReadOnlyList<RemoteEvent> Events);

/// <summary>The sequence number the web app gave the batch's first event.</summary>
public sealed record RemoteAppended(long First);

/// <summary>A run that ended without a terminal event (the store's TryFinish).</summary>
public sealed record RemoteFinish(RunStatus Status, string? Error);
