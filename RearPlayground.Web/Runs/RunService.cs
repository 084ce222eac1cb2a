using Hangfire;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Events;

namespace RearPlayground.Web.Runs;

/// <summary>Submitting, cancelling and re-running runs: the store first, then the job queue.</summary>
public sealed class RunService(IRunStore store, IBackgroundJobClient jobs, RunCancellation cancellation, IRunEventPublisher publisher)
{
    /// <summary>How long an Idempotency-Key answers its first run: long enough for a double click or a client's retries.</summary>
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Stores the run and queues its job. With <paramref name="idempotencyKey"/>, the same key from the same owner within
    /// <see cref="IdempotencyWindow"/> answers the first run and queues nothing.
    /// </summary>
    /// <param name="rerunOf">The run this one re-runs, if any: the new run links to it.</param>
    public async Task<RunEntity> SubmitAsync(RunRequest request, string owner, string? idempotencyKey = null, Guid? rerunOf = null,
        CancellationToken ct = default) =>
        (await SubmitOnceAsync(request, owner, idempotencyKey, rerunOf, ct)).Run;

    /// <summary>As <see cref="SubmitAsync"/>, saying whether this call created the run (the API answers 202 then, else 200).</summary>
    public async Task<RunCreation> SubmitOnceAsync(RunRequest request, string owner, string? idempotencyKey, Guid? rerunOf = null,
        CancellationToken ct = default)
    {
        var run = new RunEntity
        {
            Id = Guid.NewGuid(),
            Owner = owner,
            Model = request.Model!,
            Method = request.Method!,
            Question = request.Question!,
            Preference = request.Preference,
            RequestJson = request.ToJson(),
            Status = RunStatus.Queued,
            // CreatedAt is the store's clock, the one the key's window is measured on.
            IdempotencyKey = idempotencyKey,
            RerunOf = rerunOf,
        };
        var created = await store.CreateOnceAsync(run, IdempotencyWindow, ct);
        if (!created.Created) return created;
        var jobId = jobs.Enqueue<RunJob>(job => job.ExecuteAsync(run.Id, CancellationToken.None));
        await store.SetJobIdAsync(run.Id, jobId, ct);
        run.JobId = jobId;
        return created;
    }

    /// <summary>False when the run had already ended. A queued run ends at once; a running one within one model call.</summary>
    public async Task<bool> CancelAsync(RunEntity run, CancellationToken ct = default)
    {
        if (!await store.RequestCancelAsync(run.Id, ct)) return false;
        cancellation.Cancel(run.Id);
        // Deleting the job also fires its cancellation token in a standalone worker process.
        if (run.JobId is not null) jobs.Delete(run.JobId);
        await PublishEndAsync(run.Id, ct);
        return true;
    }

    // Cancelled while queued: the store appended runCancelled, which no job will publish. A sequence already
    // published (a running job ended first) is ignored by the broker.
    private async Task PublishEndAsync(Guid id, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { Status: RunStatus.Cancelled, LastSequence: > 0 } ended) return;
        var last = await store.EventsAsync(id, ended.LastSequence - 1, ct);
        if (last is [{ } e] && e.Type == RunEndEvents.Cancelled)
            await publisher.PublishBatchAsync(id, [new PublishedEvent(e.Sequence, e.Type, e.PayloadJson)], ct);
    }

    public static RunRequest? ReadRequest(RunEntity run) => RunRequest.FromJson(run.RequestJson);
}
