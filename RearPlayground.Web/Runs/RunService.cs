using System.Text.Json;
using Hangfire;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Jobs;

namespace RearPlayground.Web.Runs;

/// <summary>Submitting, cancelling and re-running runs: the store first, then the job queue.</summary>
public sealed class RunService(IRunStore store, IBackgroundJobClient jobs, RunCancellation cancellation)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<RunEntity> SubmitAsync(RunRequest request, string owner, CancellationToken ct = default)
    {
        var run = new RunEntity
        {
            Id = Guid.NewGuid(),
            Owner = owner,
            Model = request.Model!,
            Method = request.Method!,
            Question = request.Question!,
            Preference = request.Preference,
            RequestJson = JsonSerializer.Serialize(request, Json),
            Status = RunStatus.Queued,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await store.CreateAsync(run, ct);
        var jobId = jobs.Enqueue<RunJob>(job => job.ExecuteAsync(run.Id, CancellationToken.None));
        await store.SetJobIdAsync(run.Id, jobId, ct);
        run.JobId = jobId;
        return run;
    }

    /// <summary>False when the run had already ended. A queued run ends at once; a running one within one model call.</summary>
    public async Task<bool> CancelAsync(RunEntity run, CancellationToken ct = default)
    {
        if (!await store.RequestCancelAsync(run.Id, ct)) return false;
        cancellation.Cancel(run.Id);
        // Deleting the job also fires its cancellation token in a standalone worker process.
        if (run.JobId is not null) jobs.Delete(run.JobId);
        return true;
    }

    public static RunRequest? ReadRequest(RunEntity run) => JsonSerializer.Deserialize<RunRequest>(run.RequestJson, Json);
}
