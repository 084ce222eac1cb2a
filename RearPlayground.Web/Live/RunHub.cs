using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using RearPlayground.Data.Runs;
using RearPlayground.Web.Accounts;
using RearPlayground.Worker.Jobs;

namespace RearPlayground.Web.Live;

/// <summary>
/// <c>/hubs/runs</c>: <c>Join(runId, afterSequence)</c> streams a run's stored events, then its live ones,
/// to the caller as "event" messages. A standalone worker calls <c>PublishBatch</c> to feed the broker; its messages may
/// be up to <see cref="MaxMessageBytes"/> (a batch of events), where SignalR's default is 32 KB.
/// </summary>
[Authorize]
public sealed class RunHub(RunEventBroker broker, IHubContext<RunHub> hub, IRunStore store) : Hub
{
    public const string Path = "/hubs/runs";
    public const long MaxMessageBytes = SignalRRunEventPublisher.MaxMessageBytes;
    private static readonly ConcurrentDictionary<string, List<IDisposable>> Subscriptions = new();

    public async Task Join(Guid runId, long afterSequence = 0)
    {
        // HubException: its message reaches the caller (others are hidden); a run that does not exist has nothing to follow.
        if (afterSequence < 0) throw new HubException("afterSequence must be 0 or more");
        if (await store.FindAsync(runId, Context.ConnectionAborted) is null) throw new HubException($"no run {runId}");
        var connectionId = Context.ConnectionId;
        var subscription = await broker.SubscribeAsync(runId, afterSequence,
            m => hub.Clients.Client(connectionId).SendAsync("event", m), Context.ConnectionAborted);
        var list = Subscriptions.GetOrAdd(connectionId, _ => []);
        lock (list) list.Add(subscription);
    }

    /// <summary>One committed batch of a standalone worker's run, in order; sequences delivered already are ignored (a retry).</summary>
    [Authorize(Roles = Roles.WorkerOrAdmin)]
    public Task PublishBatch(Guid runId, PublishedEvent[] events) => broker.PublishBatchAsync(runId, events, Context.ConnectionAborted);

    /// <summary>One event (workers before batching).</summary>
    [Authorize(Roles = Roles.WorkerOrAdmin)]
    public Task Publish(Guid runId, long sequence, string type, string payloadJson) =>
        broker.PublishAsync(runId, sequence, type, payloadJson, Context.ConnectionAborted);

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Subscriptions.TryRemove(Context.ConnectionId, out var list))
            lock (list) foreach (var s in list) s.Dispose();
        return base.OnDisconnectedAsync(exception);
    }
}
