using System.Collections.Concurrent;
using Hangfire.Server;

namespace RearPlayground.Web.Bench;

/// <summary>A Hangfire server filter noting when each run's job starts performing: the start of "job start → first event".</summary>
internal sealed class JobStarts : IServerFilter
{
    public static JobStarts Instance { get; } = new();

    private readonly ConcurrentDictionary<Guid, long> _started = new();

    public long? Of(Guid runId) => _started.TryGetValue(runId, out var t) ? t : null;

    public void OnPerforming(PerformingContext context)
    {
        if (context.BackgroundJob.Job.Args.FirstOrDefault() is Guid runId) _started[runId] = TimeProvider.System.GetTimestamp();
    }

    public void OnPerformed(PerformedContext context) { }
}
