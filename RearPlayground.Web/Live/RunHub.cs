using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using RearPlayground.Data.Runs;
using RearPlayground.Web.Accounts;
using RearPlayground.Worker.Events;

namespace RearPlayground.Web.Live;

/// <summary>
/// <c>/hubs/runs</c>: <c>Join(runId, afterSequence)</c> streams a run's stored events, then its live ones,
/// to the caller as "event" messages; <c>JoinBatches</c> does the same with one "events" message (an array) per batch.
/// A standalone worker calls <c>PublishBatch</c> to feed the broker; its messages may be up to
/// <see cref="MaxMessageBytes"/> (a batch of events), where SignalR's default is 32 KB.
/// </summary>
[Authorize]
public sealed class RunHub(RunEventBroker broker, IHubContext<RunHub> hub, IRunStore store, SessionConnections sessions,
    IHostApplicationLifetime lifetime) : Hub
{
    public const string Path = "/hubs/runs";
    public const long MaxMessageBytes = SignalRRunEventPublisher.MaxMessageBytes;
    private static readonly ConcurrentDictionary<string, List<IDisposable>> Subscriptions = new();

    // The cookie's session, or for a bearer token the user's own key: either way something that can close the connection.
    private string? Session => Context.User?.FindFirst(SessionTicketStore.SessionClaim)?.Value
        ?? (Context.UserIdentifier is { } user ? SessionConnections.BearerKey(user) : null);

    public Task Join(Guid runId, long afterSequence = 0) =>
        FollowAsync(runId, afterSequence, (connectionId, ct) =>
            broker.SubscribeAsync(runId, afterSequence, m => hub.Clients.Client(connectionId).SendAsync("event", m), ct));

    /// <summary>
    /// As <see cref="Join"/>, but each committed batch (and the backlog, in parts) arrives as ONE "events" message holding
    /// the events in order: for clients that follow busy runs, a burst costs one message instead of one per event.
    /// </summary>
    public Task JoinBatches(Guid runId, long afterSequence = 0) =>
        FollowAsync(runId, afterSequence, (connectionId, ct) =>
            broker.SubscribeBatchesAsync(runId, afterSequence, list => hub.Clients.Client(connectionId).SendAsync("events", list), ct));

    private async Task FollowAsync(Guid runId, long afterSequence, Func<string, CancellationToken, Task<IDisposable>> subscribe)
    {
        // HubException: its message reaches the caller (others are hidden); a run that does not exist has nothing to follow.
        if (afterSequence < 0) throw new HubException("afterSequence must be 0 or more");
        if (await store.FindAsync(runId, Context.ConnectionAborted) is null) throw new HubException($"no run {runId}");
        var connectionId = Context.ConnectionId;
        var subscription = await subscribe(connectionId, Context.ConnectionAborted);
        var list = Subscriptions.GetOrAdd(connectionId, _ => []);
        lock (list) list.Add(subscription);
    }

    /// <summary>One committed batch of a standalone worker's run, in order; sequences delivered already are ignored (a retry).</summary>
    [Authorize(Roles = Roles.WorkerOrAdmin)]
    public async Task PublishBatch(Guid runId, PublishedEvent[] events)
    {
        if (events is not { Length: > 0 }) return;
        await broker.PublishBatchAsync(runId, await StoredAsync(runId, events), Context.ConnectionAborted);
    }

    /// <summary>One event (workers before batching).</summary>
    [Authorize(Roles = Roles.WorkerOrAdmin)]
    public Task Publish(Guid runId, long sequence, string type, string payloadJson) =>
        PublishBatch(runId, [new PublishedEvent(sequence, type, payloadJson)]);

    // A worker publishes what it has stored for a run it was given: what goes out is the store's copy of those
    // sequence numbers, so an event that was never stored (forged, or for a run it does not hold) reaches no watcher.
    private async Task<PublishedEvent[]> StoredAsync(Guid runId, PublishedEvent[] events)
    {
        var (from, to) = (events.Min(e => e.Sequence), events.Max(e => e.Sequence));
        if (from < 1) throw new HubException("sequence numbers start at 1");
        var stored = (await store.EventsAsync(runId, from - 1, Context.ConnectionAborted))
            .Where(e => e.Sequence <= to).ToDictionary(e => e.Sequence);
        var missing = events.Select(e => e.Sequence).FirstOrDefault(q => !stored.ContainsKey(q));
        if (missing != 0) throw new HubException($"event {missing} of run {runId} is not stored: a worker publishes only the events it stored");
        return [.. events.Select(e => e.Sequence).Distinct().Order().Select(q => new PublishedEvent(q, stored[q].Type, stored[q].PayloadJson))];
    }

    public override Task OnConnectedAsync()
    {
        // Accepted just as stopping began (past the StoppingGate): closed now, or the app's stop would wait on it.
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            Context.Abort();
            return Task.CompletedTask;
        }
        // Opened with a sign-in cookie: sign-out closes it; with a bearer token: an admin's change to the account closes it.
        if (Session is { } session) sessions.Add(session, Context);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Session is { } session) sessions.Remove(session, Context.ConnectionId);
        if (Subscriptions.TryRemove(Context.ConnectionId, out var list))
            lock (list) foreach (var s in list) s.Dispose();
        return base.OnDisconnectedAsync(exception);
    }
}
