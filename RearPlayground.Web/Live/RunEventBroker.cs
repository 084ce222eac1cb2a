using System.Collections.Concurrent;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Jobs;

namespace RearPlayground.Web.Live;

/// <summary>
/// In-process fan-out of run events to subscribers (SignalR connections, Blazor components). Subscribing
/// replays the stored backlog and registers for live events under the run's lock, and every subscriber
/// remembers the last sequence it got: no gap between backlog and live, and no duplicate.
/// </summary>
public sealed class RunEventBroker(IRunStore store, ILogger<RunEventBroker> logger) : IRunEventPublisher
{
    private readonly ConcurrentDictionary<Guid, RunChannel> _runs = new();

    public async Task PublishAsync(Guid runId, long sequence, string type, string payloadJson, CancellationToken ct = default)
    {
        var channel = _runs.GetOrAdd(runId, _ => new RunChannel());
        await channel.Lock.WaitAsync(ct);
        try
        {
            var message = new RunEventMessage(runId, sequence, type, payloadJson);
            foreach (var subscriber in channel.Subscribers.ToArray()) await Deliver(subscriber, message);
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
            channel.Subscribers.Add(subscriber);
        }
        finally
        {
            channel.Lock.Release();
        }
        return new Subscription(() => Unsubscribe(channel, subscriber));
    }

    private async Task Deliver(Subscriber subscriber, RunEventMessage message)
    {
        if (message.Sequence <= subscriber.Last) return;
        try
        {
            await subscriber.Deliver(message);
            subscriber.Last = message.Sequence;
        }
        catch (Exception e)
        {
            // A dead connection must not stall the run's other watchers or the job publishing.
            logger.LogWarning(e, "dropping a run event subscriber of run {RunId}", message.RunId);
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
    }

    private sealed class Subscriber(Func<RunEventMessage, Task> deliver)
    {
        public Func<RunEventMessage, Task> Deliver { get; } = deliver;
        public long Last { get; set; }
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
