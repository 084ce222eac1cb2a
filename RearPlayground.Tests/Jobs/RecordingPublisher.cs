using System.Collections.Concurrent;
using RearPlayground.Worker.Jobs;

namespace RearPlayground.Tests.Jobs;

/// <summary>Records every publish in order; <see cref="OnPublish"/> lets a test act at a chosen event (e.g. cancel).</summary>
internal sealed class RecordingPublisher : IRunEventPublisher
{
    public ConcurrentQueue<Published> Calls { get; } = new();
    public Action<Published>? OnPublish { get; set; }

    public Task PublishAsync(Guid runId, long sequence, string type, string payloadJson, CancellationToken ct = default)
    {
        var call = new Published(runId, sequence, type, payloadJson);
        Calls.Enqueue(call);
        OnPublish?.Invoke(call);
        return Task.CompletedTask;
    }
}
