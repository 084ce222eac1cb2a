using Hangfire;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Web.Jobs;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Events;

namespace RearPlayground.Web.Runs;

/// <summary>Submitting, cancelling and re-running runs: the store first, then the job queue.</summary>
/// <param name="checks">The API's checks, which a re-run passes again; without them (a test) a re-run is not checked.</param>
public sealed class RunService(IRunStore store, IBackgroundJobClient jobs, RunCancellation cancellation, IRunEventPublisher publisher,
    RunChecks? checks = null)
{
    private readonly JobQueue _queue = new(jobs, cancellation);

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
        // Both requests went through the same checks and serialiser, so an unchanged body gives the same JSON.
        if (!created.Created) return created with { SameRequest = created.Run.RequestJson == run.RequestJson };
        run.JobId = await _queue.EnqueueAsync<RunJob>(run.Id, job => job.ExecuteAsync(run.Id, CancellationToken.None), store.SetJobIdAsync, ct);
        return created;
    }

    /// <summary>
    /// The run's request again, owned by <paramref name="owner"/> and linked to the run: with its own seed (the exact
    /// reproduction) or a fresh one (<see cref="RerunSeeds.For"/>). What was fine then may not be now (a model removed,
    /// tighter limits, a path from before names were required): the request passes the API's checks again.
    /// The one re-run of the app: the API, the history page and the run page call it.
    /// </summary>
    public async Task<Rerun> RerunAsync(Guid id, string owner, RerunSeed seed = RerunSeed.Same, CancellationToken ct = default)
    {
        var run = await store.FindAsync(id, ct);
        if (run is null) return new Rerun(RerunOutcome.NotFound);
        RunRequest? stored;
        try
        {
            stored = ReadRequest(run);
        }
        catch (System.Text.Json.JsonException)
        {
            stored = null;
        }
        if (stored is null) return new Rerun(RerunOutcome.Unreadable);
        var request = RerunSeeds.For(stored, seed);
        if (checks is not null && await checks.ValidateAsync(request, ct) is { Count: > 0 } errors)
            return new Rerun(RerunOutcome.Refused, Request: request, Errors: errors);
        return new Rerun(RerunOutcome.Started, await SubmitAsync(request, owner, rerunOf: run.Id, ct: ct), request);
    }

    /// <summary>False when the run had already ended. A queued run ends at once; a running one within one model call.</summary>
    public async Task<bool> CancelAsync(RunEntity run, CancellationToken ct = default)
    {
        if (!await _queue.CancelAsync(run.Id, run.JobId, store.RequestCancelAsync, ct)) return false;
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

public enum RerunOutcome { Started, NotFound, Unreadable, Refused }

/// <summary>What a re-run came to: the new run (Started), or why there is none (Refused carries the checks' errors).</summary>
public sealed record Rerun(RerunOutcome Outcome, RunEntity? Run = null, RunRequest? Request = null,
    IReadOnlyDictionary<string, string[]>? Errors = null);
