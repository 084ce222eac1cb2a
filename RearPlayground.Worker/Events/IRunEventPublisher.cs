namespace RearPlayground.Worker.Events;

/// <summary>
/// Where a job sends its events once they are stored: the web app's in-memory broker when the job runs in the web
/// process, its SignalR hub (<see cref="SignalRRunEventPublisher"/>) from a standalone worker. Called once per committed
/// batch, in sequence order per run, never concurrently for one run. A receiver ignores sequences it has delivered,
/// so a batch sent again (after a lost connection) is harmless.
/// </summary>
public interface IRunEventPublisher
{
    Task PublishBatchAsync(Guid runId, IReadOnlyList<PublishedEvent> events, CancellationToken ct = default);
}

/// <summary>One stored event as it is published: its sequence number orders and de-duplicates it.</summary>
public sealed record PublishedEvent(long Sequence, string Type, string PayloadJson);
