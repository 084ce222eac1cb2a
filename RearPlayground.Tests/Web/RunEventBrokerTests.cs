using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Tests.Data;
using RearPlayground.Web.Live;
using RearPlayground.Worker.Events;

namespace RearPlayground.Tests.Web;

/// <summary>The broker's batches against a real store: in order, backlog then live, once per sequence, gaps filled from the store.</summary>
public sealed class RunEventBrokerTests : IAsyncLifetime
{
    private TempDatabase _db = null!;
    private RunEventBroker _broker = null!;
    private RunEntity _run = null!;

    public async Task InitializeAsync()
    {
        _db = await TempDatabase.CreateAsync();
        _broker = new RunEventBroker(_db.Store, NullLogger<RunEventBroker>.Instance);
        _run = await _db.CreateRunAsync(RunStatus.Running);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    // As the run's writer does: one transaction, then the same events as one batch.
    private async Task<PublishedEvent[]> StoreAsync(int count)
    {
        var writes = Enumerable.Range(0, count).Select(i => new EventWrite("progress", $"{{\"i\":{i}}}")).ToArray();
        var first = await _db.Store.AppendBatchAsync(_run.Id, writes);
        return [.. writes.Select((w, i) => new PublishedEvent(first + i, w.Type, w.PayloadJson))];
    }

    private async Task<(ConcurrentQueue<long> Got, IDisposable Subscription)> SubscribeAsync(long after = 0)
    {
        var got = new ConcurrentQueue<long>();
        var subscription = await _broker.SubscribeAsync(_run.Id, after, m => { got.Enqueue(m.Sequence); return Task.CompletedTask; });
        return (got, subscription);
    }

    private static IEnumerable<long> Range(long from, long to) => Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => (long)i);

    [Fact]
    public async Task Batches_reach_every_subscriber_in_order_after_its_backlog_without_gap_or_duplicate()
    {
        var early = await StoreAsync(3);
        await _broker.PublishBatchAsync(_run.Id, early);
        var (all, s1) = await SubscribeAsync();
        var (tail, s2) = await SubscribeAsync(after: 2);

        // The next batch was committed before its publish reached the broker: the backlog may hold part of it already.
        var next = await StoreAsync(5);
        var (late, s3) = await SubscribeAsync();
        await _broker.PublishBatchAsync(_run.Id, next);

        Assert.Equal(Range(1, 8), all);
        Assert.Equal(Range(3, 8), tail);
        Assert.Equal(Range(1, 8), late);
        s1.Dispose(); s2.Dispose(); s3.Dispose();
    }

    [Fact]
    public async Task A_batch_sent_again_after_a_lost_connection_is_delivered_once()
    {
        var (got, subscription) = await SubscribeAsync();
        var batch = await StoreAsync(4);

        await _broker.PublishBatchAsync(_run.Id, batch[..2]); // the connection dropped after part of it
        await _broker.PublishBatchAsync(_run.Id, batch);      // the worker sends the whole batch again
        await _broker.PublishBatchAsync(_run.Id, batch);
        await _broker.PublishAsync(_run.Id, 3, batch[2].Type, batch[2].PayloadJson);

        Assert.Equal(Range(1, 4), got);
        subscription.Dispose();
    }

    [Fact]
    public async Task A_batch_that_never_arrived_is_filled_in_from_the_store()
    {
        var (got, subscription) = await SubscribeAsync();
        var first = await StoreAsync(2);
        var lost = await StoreAsync(3);
        var third = await StoreAsync(2);

        await _broker.PublishBatchAsync(_run.Id, first);
        await _broker.PublishBatchAsync(_run.Id, third); // the batch between was given up by its publisher

        Assert.Equal(Range(1, 7), got);
        Assert.Equal(3, lost.Length);
        subscription.Dispose();
    }

    [Fact]
    public async Task A_subscriber_whose_delivery_throws_is_dropped_and_the_others_carry_on()
    {
        var (got, subscription) = await SubscribeAsync();
        var calls = 0;
        using var failing = await _broker.SubscribeAsync(_run.Id, 0, _ => { calls++; throw new IOException("gone"); });

        await _broker.PublishBatchAsync(_run.Id, await StoreAsync(3));
        await _broker.PublishBatchAsync(_run.Id, await StoreAsync(3));

        Assert.Equal(Range(1, 6), got);
        Assert.Equal(1, calls);
        subscription.Dispose();
    }

    [Fact]
    public async Task A_batch_subscriber_gets_its_backlog_and_each_batch_as_one_delivery_with_gaps_filled_in()
    {
        await StoreAsync(3); // stored before the subscription: the backlog
        var deliveries = new ConcurrentQueue<long[]>();
        using var subscription = await _broker.SubscribeBatchesAsync(_run.Id, 1, list =>
        {
            deliveries.Enqueue([.. list.Select(m => m.Sequence)]);
            return Task.CompletedTask;
        });
        await _broker.PublishBatchAsync(_run.Id, await StoreAsync(4));
        await StoreAsync(2); // given up by its publisher: filled in from the store with the next batch
        await _broker.PublishBatchAsync(_run.Id, await StoreAsync(2));

        Assert.Equal([[2, 3], [4, 5, 6, 7], [8, 9, 10, 11]], deliveries.ToArray());
    }

    [Fact]
    public async Task A_batch_larger_than_the_payload_limit_is_delivered_in_parts_in_order()
    {
        var big = new string('x', RunEventBroker.MaxBatchPayload / 3 + 1);
        var writes = Enumerable.Range(0, 5).Select(i => new EventWrite("progress", $"{{\"s\":\"{big}\",\"i\":{i}}}")).ToArray();
        var first = await _db.Store.AppendBatchAsync(_run.Id, writes);
        var deliveries = new ConcurrentQueue<long[]>();
        using var subscription = await _broker.SubscribeBatchesAsync(_run.Id, 0, list =>
        {
            deliveries.Enqueue([.. list.Select(m => m.Sequence)]);
            return Task.CompletedTask;
        });

        // Three payloads of just over a third of the limit do not fit one delivery; two do.
        Assert.Equal([[first, first + 1], [first + 2, first + 3], [first + 4]], deliveries.ToArray());
    }
}
