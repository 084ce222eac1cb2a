using System.Linq.Expressions;
using Hangfire;
using RearPlayground.Worker.Jobs;

namespace RearPlayground.Web.Jobs;

/// <summary>
/// The job-queue half of a run or an evaluation, written once: enqueue after the row is stored and record the job id;
/// cancel by asking the store first (it knows whether the row had ended), then firing the in-process token and deleting
/// the job (which also fires the token in a standalone worker process).
/// </summary>
public sealed class JobQueue(IBackgroundJobClient jobs, RunCancellation cancellation)
{
    /// <summary>Enqueues <paramref name="job"/> and stores its id with <paramref name="setJobId"/>; returns the id.</summary>
    public async Task<string> EnqueueAsync<TJob>(Guid id, Expression<Func<TJob, Task>> job,
        Func<Guid, string, CancellationToken, Task> setJobId, CancellationToken ct = default)
    {
        var jobId = jobs.Enqueue(job);
        await setJobId(id, jobId, ct);
        return jobId;
    }

    /// <summary>False when <paramref name="requestCancel"/> (the store) says it had already ended.</summary>
    public async Task<bool> CancelAsync(Guid id, string? jobId, Func<Guid, CancellationToken, Task<bool>> requestCancel,
        CancellationToken ct = default)
    {
        if (!await requestCancel(id, ct)) return false;
        cancellation.Cancel(id);
        if (jobId is not null) jobs.Delete(jobId);
        return true;
    }
}
