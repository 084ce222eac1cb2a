using System.Collections.Concurrent;
using Hangfire;
using Hangfire.States;
using RearPlayground.Worker.Jobs;

namespace RearPlayground.Web.Runs;

/// <summary>Where a run's GenRM job stands, as the results page shows it.</summary>
public enum GenRmJobState { None, Pending, Succeeded, Failed }

/// <summary>
/// Starts <see cref="GenRmRankJob"/> for a run (once: a second request while one is queued or running joins it) and
/// reads its state from Hangfire, so a page opened later still shows "pending" and a failure's message.
/// The job ids live in this process: after a restart a run simply offers the button again.
/// </summary>
public sealed class GenRmRanks(IBackgroundJobClient jobs, JobStorage storage)
{
    private readonly ConcurrentDictionary<Guid, string> _jobIds = new();

    public void Start(Guid runId) =>
        _jobIds.AddOrUpdate(runId, Enqueue, (id, existing) => JobState(existing).State == GenRmJobState.Pending ? existing : Enqueue(id));

    /// <summary>The state of the run's latest job, and the failure's message when it failed.</summary>
    public (GenRmJobState State, string? Error) State(Guid runId) =>
        _jobIds.TryGetValue(runId, out var jobId) ? JobState(jobId) : (GenRmJobState.None, null);

    private string Enqueue(Guid runId) => jobs.Enqueue<GenRmRankJob>(job => job.ExecuteAsync(runId, CancellationToken.None));

    private (GenRmJobState State, string? Error) JobState(string jobId)
    {
        using var connection = storage.GetConnection();
        var state = connection.GetStateData(jobId);
        if (state is null) return (GenRmJobState.None, null);
        if (state.Name == SucceededState.StateName) return (GenRmJobState.Succeeded, null);
        if (state.Name == FailedState.StateName)
            return (GenRmJobState.Failed, state.Data.TryGetValue("ExceptionMessage", out var message) ? message : state.Reason);
        if (state.Name == DeletedState.StateName) return (GenRmJobState.Failed, "the job was deleted");
        return (GenRmJobState.Pending, null); // enqueued, processing (or scheduled / awaiting)
    }
}
