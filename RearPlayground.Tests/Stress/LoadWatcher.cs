using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using RearPlayground.Web.Live;
using RearPlayground.Data.Runs;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// One SignalR connection following many runs, as a browser tab on the live view does: every "event" message is
/// recorded per run in arrival order, with the time the first one arrived.
/// </summary>
internal sealed class LoadWatcher(HubConnection connection) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, RunTrace> _runs = new();
    private IDisposable? _handler;

    public static async Task<LoadWatcher> ConnectAsync(Func<Task<HubConnection>> connect)
    {
        var watcher = new LoadWatcher(await connect());
        watcher._handler = watcher.Connection.On<RunEventMessage>("event", m =>
        {
            if (watcher._runs.TryGetValue(m.RunId, out var trace)) trace.Receive(m);
        });
        return watcher;
    }

    public HubConnection Connection { get; } = connection;

    /// <summary>Follows <paramref name="runId"/>, submitted at Stopwatch timestamp <paramref name="submitted"/>.</summary>
    public async Task<RunTrace> FollowAsync(Guid runId, long submitted)
    {
        var trace = _runs[runId] = new RunTrace(runId, submitted);
        await Connection.InvokeAsync("Join", runId, 0L);
        return trace;
    }

    public async ValueTask DisposeAsync()
    {
        _handler?.Dispose();
        await Connection.DisposeAsync();
    }

    public sealed class RunTrace(Guid runId, long submitted)
    {
        private readonly List<RunEventMessage> _events = [];
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Guid RunId { get; } = runId;
        public long Submitted { get; } = submitted;
        public long? FirstEventAt { get; private set; }
        public Task Ended => _ended.Task;

        public IReadOnlyList<RunEventMessage> Events
        {
            get { lock (_events) return [.. _events]; }
        }

        public void Receive(RunEventMessage message)
        {
            lock (_events)
            {
                FirstEventAt ??= Stopwatch.GetTimestamp();
                _events.Add(message);
            }
            if (RunEndEvents.TerminalTypes.Contains(message.Type)) _ended.TrySetResult();
        }
    }
}
