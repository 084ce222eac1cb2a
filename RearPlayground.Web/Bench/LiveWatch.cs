using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR.Client;
using RearPlayground.Web.Live;
using RearPlayground.Data.Runs;

namespace RearPlayground.Web.Bench;

/// <summary>
/// One hub connection's "events" messages (it joins runs with JoinBatches: a batch per message) sorted into a
/// <see cref="RunTrace"/> per run (timestamps, count, order).
/// </summary>
internal sealed class LiveWatch
{
    private readonly ConcurrentDictionary<Guid, RunTrace> _traces = new();

    public LiveWatch(HubConnection hub) => hub.On<RunEventMessage[]>("events", Receive);

    public RunTrace Track(Guid runId, long submitted) => _traces[runId] = new RunTrace(runId, submitted);

    private void Receive(RunEventMessage[] messages)
    {
        var at = TimeProvider.System.GetTimestamp();
        foreach (var message in messages)
            if (_traces.TryGetValue(message.RunId, out var trace)) trace.Receive(message, at);
    }
}

/// <summary>What one watched run looked like from the hub: when its first and terminal events arrived, and whether in order.</summary>
internal sealed class RunTrace(Guid runId, long submitted)
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Guid RunId { get; } = runId;
    public long Submitted { get; } = submitted;
    public long? FirstEvent { get; private set; }
    public long? LastEvent { get; private set; }
    public long? JobStarted { get; set; }
    public int Count { get; private set; }
    public string? EndType { get; private set; }
    /// <summary>A sequence that was not the previous one + 1 (a gap or duplicate): the figures would be void.</summary>
    public string? OrderError { get; private set; }
    public Task Ended => _ended.Task;

    public void Receive(RunEventMessage message, long at)
    {
        FirstEvent ??= at;
        if (message.Sequence != Count + 1) OrderError ??= $"event {message.Sequence} after {Count}";
        Count++;
        if (!RunEndEvents.TerminalTypes.Contains(message.Type)) return;
        (LastEvent, EndType) = (at, message.Type);
        _ended.TrySetResult();
    }

    public double Ms(long from, long? to) => to is { } t ? TimeProvider.System.GetElapsedTime(from, t).TotalMilliseconds : double.NaN;
}
