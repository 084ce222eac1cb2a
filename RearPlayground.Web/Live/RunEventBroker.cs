using System.Collections.Concurrent;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Events;

namespace RearPlayground.Web.Live;

/// <summary>
/// In-process fan-out of run events to subscribers (SignalR connections, Blazor components). Subscribing replays the
/// stored backlog and registers for live events under the run's lock, and every subscriber remembers the last sequence
/// it got: no gap between backlog and live, and no duplicate. A batch is delivered under the run's lock, in order; a
/// sequence the run has delivered already (a batch sent again after a lost connection) is ignored; and a subscriber
/// that would see a gap (a publish that never arrived) gets the missing events from the store first.
/// </summary>
public sealed class RunEventBroker(IRunStore store, ILogger<RunEventBroker> logger) : IRunEventPublisher
{
    private readonly ConcurrentDictionary<Guid, RunChannel> _runs = new();

    public Task PublishAsync(Guid runId, long sequence, string type, string payloadJson, CancellationToken ct = default) =>
        PublishBatchAsync(runId, [new PublishedEvent(sequence, type, payloadJson)], ct);

    public async Task PublishBatchAsync(Guid runId, IReadOnlyList<PublishedEvent> events, CancellationToken ct = default)
    {
        var channel = _runs.GetOrAdd(runId, _ => new RunChannel());
        await channel.Lock.WaitAsync(ct);
        try
        {
            var fresh = events.Where(e => e.Sequence > channel.Published)
                .Select(e => new RunEventMessage(runId, e.Sequence, e.Type, e.PayloadJson)).ToList();
            if (fresh.Count == 0) return;
            foreach (var subscriber in channel.Subscribers) await Deliver(subscriber, fresh, ct);
            channel.Published = fresh[^1].Sequence;
            channel.Subscribers.RemoveAll(s => s.Dropped);
        }
        finally
        {
            channel.Lock.Release();
        }
    }

    /// <summary>Sends stored events after <paramref name="afterSequence"/>, then every live one, in order, one at a time.</summary>
    public Task<IDisposable> SubscribeAsync(Guid runId, long afterSequence, Func<RunEventMessage, Task> deliver, CancellationToken ct = default) =>
        SubscribeBatchesAsync(runId, afterSequence, async messages =>
        {
            foreach (var m in messages) await deliver(m);
        }, ct);

    /// <summary>
    /// As <see cref="SubscribeAsync"/>, handing over each published batch (and the backlog) as one list, in parts of at
    /// most <see cref="MaxBatchPayload"/> characters of payload: a Best-of-N run's final burst is one delivery, not 33.
    /// </summary>
    public async Task<IDisposable> SubscribeBatchesAsync(Guid runId, long afterSequence, Func<IReadOnlyList<RunEventMessage>, Task> deliver,
        CancellationToken ct = default)
    {
        var channel = _runs.GetOrAdd(runId, _ => new RunChannel());
        var subscriber = new Subscriber(deliver) { Last = afterSequence };
        await channel.Lock.WaitAsync(ct);
        try
        {
            await Deliver(subscriber, await StoredAsync(runId, afterSequence, long.MaxValue, ct));
            if (!subscriber.Dropped) channel.Subscribers.Add(subscriber);
        }
        finally
        {
            channel.Lock.Release();
        }
        return new Subscription(() => Unsubscribe(channel, subscriber));
    }

    /// <summary>A delivery holds at most this many characters of payload (at least one event): a hub message stays well under its limits.</summary>
    public const int MaxBatchPayload = 512 * 1024;

    // Stored before published: what a subscriber missed is in the store (a standalone worker writes the same database).
    private async Task Deliver(Subscriber subscriber, List<RunEventMessage> messages, CancellationToken ct)
    {
        if (subscriber.Dropped) return;
        var runId = messages[0].RunId;
        var missed = messages[0].Sequence > subscriber.Last + 1
            ? await StoredAsync(runId, subscriber.Last, messages[0].Sequence, ct) : [];
        await Deliver(subscriber, [.. missed, .. messages]);
    }

    private async Task<List<RunEventMessage>> StoredAsync(Guid runId, long after, long before, CancellationToken ct) =>
        [.. (await store.EventsAsync(runId, after, ct)).TakeWhile(e => e.Sequence < before)
            .Select(e => new RunEventMessage(runId, e.Sequence, e.Type, e.PayloadJson))];

    private async Task Deliver(Subscriber subscriber, List<RunEventMessage> messages)
    {
        var fresh = messages.Where(m => m.Sequence > subscriber.Last).ToList();
        for (var start = 0; start < fresh.Count && !subscriber.Dropped;)
        {
            var (end, size) = (start, 0L);
            while (end < fresh.Count && (end == start || size + fresh[end].Payload.Length <= MaxBatchPayload)) size += fresh[end++].Payload.Length;
            var part = fresh.GetRange(start, end - start);
            try
            {
                await subscriber.Deliver(part);
                subscriber.Last = part[^1].Sequence;
            }
            catch (Exception e)
            {
                // A dead connection must not stall the run's other watchers or the job publishing.
                logger.LogWarning(e, "dropping a run event subscriber of run {RunId}", part[0].RunId);
                subscriber.Dropped = true;
            }
            start = end;
        }
    }

    private static void Unsubscribe(RunChannel channel, Subscriber subscriber)
    {
        channel.Lock.Wait();
        try { channel.Subscribers.Remove(subscriber); }
        finally { channel.Lock.Release(); }
    }

    private sealed class RunChannel
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);
        public List<Subscriber> Subscribers { get; } = [];
        /// <summary>The last sequence published to this run's subscribers.</summary>
        public long Published { get; set; }
    }

    private sealed class Subscriber(Func<IReadOnlyList<RunEventMessage>, Task> deliver)
    {
        public Func<IReadOnlyList<RunEventMessage>, Task> Deliver { get; } = deliver;
        public long Last { get; set; }
        /// <summary>Its delivery threw: it gets nothing more.</summary>
        public bool Dropped { get; set; }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) dispose();
        }
    }
}
