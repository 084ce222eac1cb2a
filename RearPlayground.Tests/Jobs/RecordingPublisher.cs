using System.Collections.Concurrent;
using RearPlayground.Worker.Events;

namespace RearPlayground.Tests.Jobs;

/// <summary>
/// Records every published event in order, and each batch's size; <see cref="OnPublish"/> lets a test act at a chosen
/// event (e.g. cancel).
/// </summary>
internal sealed class RecordingPublisher : IRunEventPublisher
{
    public ConcurrentQueue<Published> Calls { get; } = new();
    public ConcurrentQueue<int> Batches { get; } = new();
    public Action<Published>? OnPublish { get; set; }

    public Task PublishBatchAsync(Guid runId, IReadOnlyList<PublishedEvent> events, CancellationToken ct = default)
    {
        Batches.Enqueue(events.Count);
        foreach (var e in events)
        {
            var call = new Published(runId, e.Sequence, e.Type, e.PayloadJson);
            Calls.Enqueue(call);
            OnPublish?.Invoke(call);
        }
        return Task.CompletedTask;
    }
}
