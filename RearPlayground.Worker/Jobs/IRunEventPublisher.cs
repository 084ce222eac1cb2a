namespace RearPlayground.Worker.Jobs;

/// <summary>
/// Where a job sends each event after storing it: the web app's in-memory broker when the job runs in the
/// web process, its SignalR hub (<see cref="SignalRRunEventPublisher"/>) from a standalone worker.
/// Called in sequence order, one event at a time per run.
/// </summary>
public interface IRunEventPublisher
{
    Task PublishAsync(Guid runId, long sequence, string type, string payloadJson, CancellationToken ct = default);
}
