using System.Security.Claims;
using Hangfire;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Evaluations;
using RearPlayground.Web.Accounts;
using RearPlayground.Web.Jobs;
using RearPlayground.Worker.Eval;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Models;

namespace RearPlayground.Web.Evaluations;

/// <summary>Submitting, cancelling and deleting evaluations: the store first, then the job queue.</summary>
public sealed class EvaluationService(IEvaluationStore store, IBackgroundJobClient jobs, RunCancellation cancellation, RunLimits limits,
    ModelNames? models = null)
{
    private readonly JobQueue _queue = new(jobs, cancellation);

    /// <summary>Stores the evaluation (Queued, Total known) and enqueues its job.</summary>
    /// <exception cref="ArgumentException">The options or the dataset are invalid (the page checks both first).</exception>
    public async Task<EvaluationEntity> SubmitAsync(EvalRequest request, string datasetName, string datasetJsonl, string owner,
        CancellationToken ct = default)
    {
        var errors = request.Validate(limits);
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors.SelectMany(e => e.Value)));
        // A model of the catalogue, never a server path (as runs: RunChecks).
        if (models?.Problem(request.Model) is { } unknown) throw new ArgumentException(unknown);
        var dataset = EvalUpload.Parse(datasetName, datasetJsonl, limits);
        if (!dataset.Ok) throw new ArgumentException(dataset.Error);
        var items = request.Limit is { } limit ? Math.Min(limit, dataset.Items!.Count) : dataset.Items!.Count;
        var evaluation = new EvaluationEntity
        {
            Id = Guid.NewGuid(),
            Owner = owner,
            Model = request.Model!,
            DatasetName = datasetName,
            DatasetJsonl = datasetJsonl,
            SettingsJson = request.ToJson(),
            Status = RunStatus.Queued,
            Total = items * EvalMethods.Runs(EvalMethods.Parse(string.Join(",", request.Methods))).Count,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await store.CreateAsync(evaluation, ct);
        evaluation.JobId = await _queue.EnqueueAsync<EvalJob>(evaluation.Id, job => job.ExecuteAsync(evaluation.Id, CancellationToken.None),
            store.SetJobIdAsync, ct);
        return evaluation;
    }

    /// <summary>False when it had already ended. A queued evaluation ends at once; a running one within one model call.</summary>
    public Task<bool> CancelAsync(EvaluationEntity evaluation, CancellationToken ct = default) =>
        _queue.CancelAsync(evaluation.Id, evaluation.JobId, store.RequestCancelAsync, ct);

    /// <summary>Only an ended evaluation is deleted; false otherwise.</summary>
    public Task<bool> DeleteAsync(EvaluationEntity evaluation, CancellationToken ct = default) => store.DeleteAsync(evaluation.Id, ct);

    /// <summary>Owners and admins may cancel or delete an evaluation.</summary>
    public static bool MayChange(EvaluationEntity evaluation, ClaimsPrincipal user) =>
        user.IsInRole(Roles.Admin) || string.Equals(evaluation.Owner, OwnerName(user), StringComparison.OrdinalIgnoreCase);

    /// <summary>As runs name their owner.</summary>
    public static string OwnerName(ClaimsPrincipal user) => user.Identity?.Name ?? user.FindFirstValue(ClaimTypes.Email) ?? "unknown";
}
