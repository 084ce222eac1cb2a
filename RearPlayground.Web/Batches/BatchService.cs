using System.Text.Json;
using Hangfire;
using RearPlayground.Data.Batches;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Web.Jobs;
using RearPlayground.Web.Profiles;
using RearPlayground.Web.Runs;
using RearPlayground.Worker.Batches;
using RearPlayground.Worker.Batches.Report;
using RearPlayground.Worker.Jobs;

namespace RearPlayground.Web.Batches;

/// <summary>
/// Starting, cancelling and resuming batches, for the API and the pages alike: checks at the edge (every 400 names its
/// field), the batch and its items stored first, then its job queued.
/// </summary>
public sealed class BatchService(BatchStore batches, IRunStore runs, IBackgroundJobClient jobs, RunCancellation cancellation,
    RunService runService, RunChecks checks, ProfileService profiles)
{
    private readonly JobQueue _queue = new(jobs, cancellation);

    /// <summary>The batch's id, or the problems by field (<c>datasetId</c>, <c>range</c>, <c>request.*</c>, <c>selectors</c>, <c>answer</c>).</summary>
    public async Task<(Guid? Id, IReadOnlyDictionary<string, string[]> Errors)> StartAsync(BatchBody body, string owner, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.DatasetId is not { } datasetId) errors["datasetId"] = ["datasetId is required"];
        else if (await batches.DatasetAsync(datasetId, ct) is null) errors["datasetId"] = [$"no dataset {datasetId}"];
        if (body.Range is { From: < 0 }) errors["range.from"] = ["range.from must be 0 or more"];
        if (body.Range is { Count: < 1 }) errors["range.count"] = ["range.count must be at least 1"];
        if (body.Selectors?.FirstOrDefault(s => !ReportSelectors.Names.Contains(s)) is { } unknown)
            errors["selectors"] = [$"unknown selector '{unknown}': use {string.Join(", ", ReportSelectors.Names)}"];
        if (body.Answer?.Error() is { } answerError) errors["answer"] = [answerError];
        if (body.Request is null) errors["request"] = ["request (the run fields) is required"];
        if (errors.Count > 0) return (null, errors);

        var items = await batches.DatasetItemsAsync(body.DatasetId!.Value, body.Range?.From ?? 0, 1, ct);
        if (items.Count == 0)
            return (null, new Dictionary<string, string[]> { ["range"] = [$"the range has no items in dataset {body.DatasetId}"] });
        // The run checks on the first item's request: the same fields every item's run will have.
        // A named profile fills λ, γ, agg and scoreEos as for a run, so the stored request has the values used (unknown or conflicting: 400).
        var (request, profileErrors) = await profiles.ResolveAsync(body.Request! with { Question = null }, ct);
        if (profileErrors.Count > 0) return (null, profileErrors.ToDictionary(e => $"request.{e.Key}", e => e.Value));
        foreach (var (field, messages) in await checks.ValidateAsync(BatchSettings.ItemRequest(request, items[0]), ct))
            errors[$"request.{field}"] = messages;
        if (errors.Count > 0) return (null, errors);

        var batch = new BatchEntity
        {
            Owner = owner, DatasetId = body.DatasetId!.Value, RangeFrom = body.Range?.From, RangeCount = body.Range?.Count,
            RequestJson = request.ToJson(),
            SelectorsJson = body.Selectors is null ? null : JsonSerializer.Serialize(body.Selectors.Distinct()),
            AnswerJson = body.Answer is null ? null : JsonSerializer.Serialize(body.Answer, JsonSerializerOptions.Web),
        };
        if (await batches.CreateAsync(batch, ct) == 0)
            return (null, new Dictionary<string, string[]> { ["range"] = [$"the range has no items in dataset {body.DatasetId}"] });
        await EnqueueAsync(batch.Id, ct);
        return (batch.Id, errors);
    }

    public Task EnqueueAsync(Guid id, CancellationToken ct = default) =>
        _queue.EnqueueAsync<BatchJob>(id, job => job.ExecuteAsync(id, CancellationToken.None), batches.SetJobIdAsync, ct);

    /// <summary>
    /// Null: no such batch; false: it had ended. Otherwise the job stops before its next item and the item running now is
    /// cancelled as a run is (within one model call here, or at the worker's next poll of the flag).
    /// </summary>
    public async Task<bool?> CancelAsync(Guid id, CancellationToken ct = default)
    {
        var asked = await batches.RequestCancelAsync(id, ct);
        if (asked != true) return asked;
        cancellation.Cancel(id);
        foreach (var item in (await batches.ItemsAsync(id, ct)).Where(i => i.Status == RunStatus.Running && i.RunId is not null))
            if (await runs.FindAsync(item.RunId!.Value, ct) is { } run && !run.Status.IsTerminal())
                await runService.CancelAsync(run, ct);
        return true;
    }

    /// <summary>
    /// Start-up: batches a dead process left unfinished get their job again (Running; also Queued when the job queue was in
    /// memory). The job runs only the items without a finished run.
    /// </summary>
    public async Task<int> ResumeAsync(bool inMemoryJobs, CancellationToken ct = default)
    {
        var unfinished = await batches.UnfinishedAsync(inMemoryJobs, ct);
        foreach (var batch in unfinished) await EnqueueAsync(batch.Id, ct);
        return unfinished.Count;
    }
}
