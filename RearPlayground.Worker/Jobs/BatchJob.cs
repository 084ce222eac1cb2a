using System.Diagnostics;
using Hangfire;
using Microsoft.Extensions.Logging;
using RearPlayground.Data.Batches;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Batches;
using RearPlayground.Worker.Search;

namespace RearPlayground.Worker.Jobs;

/// <summary>
/// The Hangfire job of one batch: its items in Position order, each as a normal stored run executed through
/// <see cref="RunJob"/>: <see cref="BatchPassOptions.ItemsPerPass"/> Best-of-N items at a time as one pass
/// (<see cref="RunJob.ExecutePassAsync"/>: their candidates sampled together, each run stored as if alone), else one at a time. The same job resumes a batch a dead process left: an
/// item whose run succeeded or failed keeps it, a Queued run is executed, and only a run its process never finished
/// (Interrupted, or Cancelled by a shutdown rather than a person) is replaced by a fresh one, in the transaction that
/// points the item at it (<see cref="BatchStore.ClaimAsync"/>). One item failing is recorded on it; the batch goes on.
/// </summary>
public sealed class BatchJob(BatchStore batches, IRunStore runs, RunJob runJob, RunCancellation cancellation, BatchPassOptions options,
    ILogger<BatchJob> logger)
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
        var perPass = BestOfNPass.Fits(settings.Request.Method?.Trim().ToLowerInvariant(), settings.Request.Guidance) ? Math.Max(1, options.ItemsPerPass) : 1;
        var pending = new List<(BatchItemEntity Item, Guid RunId)>();
        var clock = new BatchPhases();
        foreach (var item in await batches.ItemsAsync(batchId, shutdown))
        {
            if (item.Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Cancelled) continue;
            if (shutdown.IsCancellationRequested) return; // left Running: the next start resumes it
            if (await CancelledAsync(batchId, cancelToken)) break;
            try
            {
                var claimed = Stopwatch.GetTimestamp();
                if (await ClaimItemAsync(batch, settings, item, sources[item.DatasetItemId], shutdown) is { } runId) pending.Add((item, runId));
                clock.Claims += Stopwatch.GetElapsedTime(claimed);
            }
            catch (Exception e) when (!shutdown.IsCancellationRequested)
            {
                logger.LogWarning(e, "batch {BatchId}: item {Position} failed", batchId, item.Position);
                await batches.SetItemAsync(batchId, item.DatasetItemId, RunStatus.Failed, e.Message, CancellationToken.None);
            }
            if (pending.Count < perPass) continue;
            await ExecuteAsync(batchId, pending, clock, shutdown);
            pending.Clear();
        }
        // Claimed runs are always executed (a cancelled one is skipped by the run job), so no item stays Running.
        if (pending.Count > 0 && !shutdown.IsCancellationRequested) await ExecuteAsync(batchId, pending, clock, shutdown);
        if (shutdown.IsCancellationRequested) return;
        var cancelled = await CancelledAsync(batchId, cancelToken);
        string? report = null, error = null;
        var reporting = Stopwatch.GetTimestamp();
        try
        {
            report = (await BatchReporter.ComputeAsync((await batches.FindAsync(batchId, CancellationToken.None))!, batches, runs)).ToJson();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "batch {BatchId}: the report failed", batchId);
            error = $"the report could not be computed: {e.Message}";
        }
        clock.Report = Stopwatch.GetElapsedTime(reporting);
        await batches.FinishAsync(batchId, cancelled ? RunStatus.Cancelled : RunStatus.Succeeded, error, report, CancellationToken.None);
        logger.LogInformation("batch {BatchId}: {Passes} passes of up to {PerPass} items; claims {Claims:F0} ms, runs {Runs:F0} ms, " +
            "records {Records:F0} ms, report {Report:F0} ms", batchId, clock.Passes, perPass, clock.Claims.TotalMilliseconds,
            clock.Runs.TotalMilliseconds, clock.Records.TotalMilliseconds, clock.Report.TotalMilliseconds);
    }

    // Where a batch's time goes (logged at its end; the batch benchmark reads it).
    private sealed class BatchPhases
    {
        public int Passes;
        public TimeSpan Claims, Runs, Records, Report;
    }

    // Items claimed together run as one pass (their candidates sampled in one batched generation); one alone as a single run.
    private async Task ExecuteAsync(Guid batchId, List<(BatchItemEntity Item, Guid RunId)> pending, BatchPhases clock, CancellationToken shutdown)
    {
        var started = Stopwatch.GetTimestamp();
        clock.Passes++;
        try
        {
            if (pending.Count == 1) await runJob.ExecuteAsync(pending[0].RunId, shutdown);
            else await runJob.ExecutePassAsync(pending.Select(p => p.RunId).ToArray(), shutdown);
        }
        catch (Exception e) when (!shutdown.IsCancellationRequested)
        {
            logger.LogWarning(e, "batch {BatchId}: a pass of {Count} items failed", batchId, pending.Count);
        }
        clock.Runs += Stopwatch.GetElapsedTime(started);
        if (shutdown.IsCancellationRequested) return;
        started = Stopwatch.GetTimestamp();
        foreach (var (item, runId) in pending)
        {
            if (await runs.FindAsync(runId, CancellationToken.None) is { } ended && ended.Status.IsTerminal()) await RecordAsync(batchId, item, ended);
            else await batches.SetItemAsync(batchId, item.DatasetItemId, RunStatus.Failed, "the run did not end", CancellationToken.None);
        }
        clock.Records += Stopwatch.GetElapsedTime(started);
    }

    /// <summary>The item's run to execute (a Queued one, or a fresh one claimed for it); null when the item is settled here.</summary>
    private async Task<Guid?> ClaimItemAsync(BatchEntity batch, BatchSettings settings, BatchItemEntity item, DatasetItemEntity source, CancellationToken shutdown)
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
            return null;
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
                return null;
            }
            runId = run.Id;
        }
        return runId;
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
