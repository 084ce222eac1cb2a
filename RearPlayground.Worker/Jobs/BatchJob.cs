using Hangfire;
using Microsoft.Extensions.Logging;
using RearPlayground.Data.Batches;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Batches;

namespace RearPlayground.Worker.Jobs;

/// <summary>
/// The Hangfire job of one batch: its items in Position order, each as a normal stored run executed through
/// <see cref="RunJob"/> (the single run's path), one at a time. The same job resumes a batch a dead process left: an
/// item whose run succeeded or failed keeps it, a Queued run is executed, and only a run its process never finished
/// (Interrupted, or Cancelled by a shutdown rather than a person) is replaced by a fresh one, in the transaction that
/// points the item at it (<see cref="BatchStore.ClaimAsync"/>). One item failing is recorded on it; the batch goes on.
/// </summary>
public sealed class BatchJob(BatchStore batches, IRunStore runs, RunJob runJob, RunCancellation cancellation, ILogger<BatchJob> logger)
{
    public const string Queue = RunJob.DatabaseQueue;

    /// <summary>How often a run another process is executing for this batch is looked at until it ends.</summary>
    public TimeSpan ForeignRunPoll { get; init; } = TimeSpan.FromSeconds(1);

    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [Queue(Queue)]
    public async Task ExecuteAsync(Guid batchId, CancellationToken cancellationToken)
    {
        if (cancellation.TryRegister(batchId) is not { } cancelToken)
        {
            logger.LogInformation("batch {BatchId} is already running in this process", batchId);
            return;
        }
        try
        {
            await RunAsync(batchId, cancelToken, cancellationToken);
        }
        finally
        {
            cancellation.Unregister(batchId);
        }
    }

    private async Task RunAsync(Guid batchId, CancellationToken cancelToken, CancellationToken shutdown)
    {
        var batch = await batches.FindAsync(batchId, shutdown);
        if (batch is null || batch.Status.IsTerminal() || !await batches.TryStartAsync(batchId, shutdown)) return;
        BatchSettings settings;
        try
        {
            settings = BatchSettings.Of(batch);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            await batches.FinishAsync(batchId, RunStatus.Failed, e.Message, null, CancellationToken.None);
            return;
        }
        var sources = await batches.BatchDatasetItemsAsync(batchId, shutdown);
        foreach (var item in await batches.ItemsAsync(batchId, shutdown))
        {
            if (item.Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Cancelled) continue;
            if (shutdown.IsCancellationRequested) return; // left Running: the next start resumes it
            if (await CancelledAsync(batchId, cancelToken)) break;
            try
            {
                await RunItemAsync(batch, settings, item, sources[item.DatasetItemId], shutdown);
            }
            catch (Exception e) when (!shutdown.IsCancellationRequested)
            {
                logger.LogWarning(e, "batch {BatchId}: item {Position} failed", batchId, item.Position);
                await batches.SetItemAsync(batchId, item.DatasetItemId, RunStatus.Failed, e.Message, CancellationToken.None);
            }
        }
        if (shutdown.IsCancellationRequested) return;
        var cancelled = await CancelledAsync(batchId, cancelToken);
        string? report = null, error = null;
        try
        {
            report = (await BatchReporter.ComputeAsync((await batches.FindAsync(batchId, CancellationToken.None))!, batches, runs)).ToJson();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "batch {BatchId}: the report failed", batchId);
            error = $"the report could not be computed: {e.Message}";
        }
        await batches.FinishAsync(batchId, cancelled ? RunStatus.Cancelled : RunStatus.Succeeded, error, report, CancellationToken.None);
    }

    private async Task RunItemAsync(BatchEntity batch, BatchSettings settings, BatchItemEntity item, DatasetItemEntity source, CancellationToken shutdown)
    {
        var existing = item.RunId is { } id ? await runs.FindAsync(id, shutdown) : null;
        // A run another process is executing (a second delivery of this job): wait for its outcome, never a second run.
        while (existing is { Status: RunStatus.Running } && !cancellation.IsRunning(existing.Id))
        {
            await Task.Delay(ForeignRunPoll, shutdown);
            existing = await runs.FindAsync(existing.Id, shutdown);
        }
        Guid runId;
        if (existing is { Status: RunStatus.Queued }) runId = existing.Id;
        else if (existing is not null && Kept(existing))
        {
            await RecordAsync(batch.Id, item, existing);
            return;
        }
        else
        {
            var request = BatchSettings.ItemRequest(settings.Request, source);
            var run = new RunEntity
            {
                Id = Guid.NewGuid(), Owner = batch.Owner, Model = request.Model!, Method = request.Method!, Question = request.Question!,
                Preference = request.Preference, RequestJson = request.ToJson(), Status = RunStatus.Queued,
            };
            if (!await batches.ClaimAsync(batch.Id, item.DatasetItemId, existing?.Id, run, shutdown))
            {
                logger.LogInformation("batch {BatchId}: item {Position} was claimed by another job", batch.Id, item.Position);
                return;
            }
            runId = run.Id;
        }
        await runJob.ExecuteAsync(runId, shutdown);
        if (shutdown.IsCancellationRequested) return;
        if (await runs.FindAsync(runId, CancellationToken.None) is { } ended && ended.Status.IsTerminal()) await RecordAsync(batch.Id, item, ended);
    }

    // A run that ended on its own (or by a person's cancel) is the item's outcome; one its process left unfinished is not.
    private static bool Kept(RunEntity run) => run.Status switch
    {
        RunStatus.Succeeded or RunStatus.Failed => true,
        RunStatus.Cancelled => run.CancelRequested,
        _ => false,
    };

    private Task RecordAsync(Guid batchId, BatchItemEntity item, RunEntity run) =>
        batches.SetItemAsync(batchId, item.DatasetItemId, Kept(run) ? run.Status : RunStatus.Interrupted, run.Error, CancellationToken.None);

    private async Task<bool> CancelledAsync(Guid batchId, CancellationToken cancelToken) =>
        cancelToken.IsCancellationRequested || (await batches.FindAsync(batchId, CancellationToken.None))?.CancelRequested == true;
}
