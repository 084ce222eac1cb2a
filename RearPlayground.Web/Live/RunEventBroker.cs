using System.Collections.Concurrent;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Jobs;

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
            foreach (var e in events)
            {
                if (e.Sequence <= channel.Published) continue;
                var message = new RunEventMessage(runId, e.Sequence, e.Type, e.PayloadJson);
                foreach (var subscriber in channel.Subscribers) await Deliver(subscriber, message, ct);
                channel.Published = e.Sequence;
            }
            channel.Subscribers.RemoveAll(s => s.Dropped);
        }
        finally
        {
            channel.Lock.Release();
        }
    }

    /// <summary>Sends stored events after <paramref name="afterSequence"/>, then every live one, in order.</summary>
    public async Task<IDisposable> SubscribeAsync(Guid runId, long afterSequence, Func<RunEventMessage, Task> deliver, CancellationToken ct = default)
    {
        var channel = _runs.GetOrAdd(runId, _ => new RunChannel());
        var subscriber = new Subscriber(deliver) { Last = afterSequence };
        await channel.Lock.WaitAsync(ct);
        try
        {
            foreach (var e in await store.EventsAsync(runId, afterSequence, ct))
                await Deliver(subscriber, new RunEventMessage(runId, e.Sequence, e.Type, e.PayloadJson));
            if (!subscriber.Dropped) channel.Subscribers.Add(subscriber);
        }
        finally
        {
            channel.Lock.Release();
        }
        return new Subscription(() => Unsubscribe(channel, subscriber));
    }

    // Stored before published: what a subscriber missed is in the store (a standalone worker writes the same database).
    private async Task Deliver(Subscriber subscriber, RunEventMessage message, CancellationToken ct)
    {
        if (subscriber.Dropped) return;
        if (message.Sequence > subscriber.Last + 1)
            foreach (var e in await store.EventsAsync(message.RunId, subscriber.Last, ct))
            {
                if (e.Sequence >= message.Sequence) break;
                await Deliver(subscriber, new RunEventMessage(message.RunId, e.Sequence, e.Type, e.PayloadJson));
            }
        await Deliver(subscriber, message);
    }

    private async Task Deliver(Subscriber subscriber, RunEventMessage message)
    {
        if (subscriber.Dropped || message.Sequence <= subscriber.Last) return;
        try
        {
            await subscriber.Deliver(message);
            subscriber.Last = message.Sequence;
        }
        catch (Exception e)
        {
            // A dead connection must not stall the run's other watchers or the job publishing.
            logger.LogWarning(e, "dropping a run event subscriber of run {RunId}", message.RunId);
            subscriber.Dropped = true;
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

    private sealed class Subscriber(Func<RunEventMessage, Task> deliver)
    {
        public Func<RunEventMessage, Task> Deliver { get; } = deliver;
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
