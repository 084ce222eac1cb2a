using System.Collections.Concurrent;

namespace RearPlayground.Worker.Jobs;

/// <summary>
/// The runs executing in this process, each with its cancellation source: cancelling one stops its
/// search within one model call. Runs in other processes are reached through Hangfire's job deletion
/// and the run's CancelRequested flag instead.
/// </summary>
public sealed class RunCancellation
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    /// <summary>Marks <paramref name="runId"/> as running here; throws if it already is (a run never runs twice).</summary>
    public CancellationToken Register(Guid runId) =>
        TryRegister(runId) ?? throw new InvalidOperationException($"run {runId} is already running in this process");

    /// <summary>As <see cref="Register"/>, but null when the run is already running here (a second delivery of its job).</summary>
    public CancellationToken? TryRegister(Guid runId)
    {
        var cts = new CancellationTokenSource();
        if (_running.TryAdd(runId, cts)) return cts.Token;
        cts.Dispose();
        return null;
    }

    public void Unregister(Guid runId)
    {
        if (_running.TryRemove(runId, out var cts)) cts.Dispose();
    }

    /// <summary>True when the run was executing in this process and has been told to stop.</summary>
    public bool Cancel(Guid runId)
    {
        if (!_running.TryGetValue(runId, out var cts)) return false;
        try
        {
            cts.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false; // it ended between the look-up and the cancel
        }
    }

    public bool IsRunning(Guid runId) => _running.ContainsKey(runId);
}
