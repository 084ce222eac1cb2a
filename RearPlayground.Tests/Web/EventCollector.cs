using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using RearPlayground.Web.Live;
using RearPlayground.Data.Runs;

namespace RearPlayground.Tests.Web;

/// <summary>
/// Records the hub's "event" messages (or, joined with batches, its "events" messages) of one run on a SignalR client
/// connection, in arrival order, and completes when the run's terminal event (finished, failed or cancelled) has arrived.
/// </summary>
internal sealed class EventCollector : IDisposable
{
    private readonly Guid _runId;
    private readonly List<RunEventMessage> _events = [];
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IDisposable _handler;

    private EventCollector(HubConnection connection, Guid runId, bool batches)
    {
        _runId = runId;
        _handler = batches
            ? connection.On<RunEventMessage[]>("events", list =>
            {
                Interlocked.Increment(ref _messages);
                foreach (var m in list) Receive(m);
            })
            : connection.On<RunEventMessage>("event", m =>
            {
                Interlocked.Increment(ref _messages);
                Receive(m);
            });
    }

    private int _messages;

    /// <summary>Hub messages received so far: one per event with Join, one per batch with JoinBatches.</summary>
    public int Messages => Volatile.Read(ref _messages);

    /// <summary>Registers the handler, then calls Join(runId, afterSequence) on the hub, or JoinBatches.</summary>
    public static async Task<EventCollector> JoinAsync(HubConnection connection, Guid runId, long afterSequence = 0, bool batches = false)
    {
        var collector = new EventCollector(connection, runId, batches);
        await connection.InvokeAsync(batches ? "JoinBatches" : "Join", runId, afterSequence);
        return collector;
    }

    public IReadOnlyList<RunEventMessage> Events
    {
        get { lock (_events) return [.. _events]; }
    }

    public async Task<IReadOnlyList<RunEventMessage>> WaitForEndAsync(int timeoutSeconds = 60)
    {
        try { await _ended.Task.WaitAsync(TimeSpan.FromSeconds(timeoutSeconds)); }
        catch (TimeoutException) { Assert.Fail($"no terminal event of run {_runId} in {timeoutSeconds} s ({Events.Count} received)"); }
        return Events;
    }

    public async Task WaitForCountAsync(int count, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (Events.Count < count)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"only {Events.Count} of {count} events of run {_runId} in {timeoutSeconds} s");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// The received events are exactly the stored ones after <paramref name="afterSequence"/>: same sequence
    /// numbers (consecutive, no gap, no duplicate), types and payloads, in order.
    /// </summary>
    public static void AssertSameAsStored(IReadOnlyList<RunEventMessage> received, JsonArray stored, long afterSequence = 0)
    {
        var expected = stored.Where(e => e!["sequence"]!.GetValue<long>() > afterSequence).ToList();
        Assert.Equal(LongRange(afterSequence + 1, expected.Count), received.Select(m => m.Sequence));
        Assert.Equal(expected.Select(e => e!["sequence"]!.GetValue<long>()), received.Select(m => m.Sequence));
        Assert.Equal(expected.Select(e => e!["type"]!.GetValue<string>()), received.Select(m => m.Type));
        for (var i = 0; i < expected.Count; i++)
            Assert.True(JsonNode.DeepEquals(expected[i]!["payload"], JsonNode.Parse(received[i].Payload)),
                $"payload of event {received[i].Sequence} ({received[i].Type}) differs from the stored one");
    }

    public static IEnumerable<long> LongRange(long start, int count) => Enumerable.Range(0, count).Select(i => start + i);

    private void Receive(RunEventMessage message)
    {
        if (message.RunId != _runId) return;
        lock (_events) _events.Add(message);
        if (RunEndEvents.TerminalTypes.Contains(message.Type)) _ended.TrySetResult();
    }

    public void Dispose() => _handler.Dispose();
}
