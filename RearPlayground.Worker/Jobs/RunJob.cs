using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.Logging;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Cli;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Worker.Jobs;

/// <summary>
/// The Hangfire job of one run: take the model from the pool, run the search, and for each event store it
/// with its rows, then publish it, in order. The run ends Succeeded, Failed (with the message) or Cancelled
/// (a cancel request, job deletion or worker shutdown), and only a Queued run is ever started.
/// </summary>
public sealed class RunJob(IRunStore store, ModelPool pool, IRunEventPublisher publisher, RunCancellation cancellation,
    RunLimits limits, ILogger<RunJob> logger)
{
    public const string Queue = "gpu";

    /// <summary>How often the run's CancelRequested flag is read: a cancel from another process arrives this way.</summary>
    public TimeSpan CancelPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Enqueue with <c>CancellationToken.None</c>: Hangfire passes a token that fires on shutdown or job deletion.
    /// Never retried: a search that ran halfway must not run again over its own events.
    /// </summary>
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [Queue(Queue)]
    public async Task ExecuteAsync(Guid runId, CancellationToken cancellationToken)
    {
        if (!await IsQueuedAsync(runId, cancellationToken)) return;
        var cancelToken = cancellation.Register(runId);
        try
        {
            // Again, now that an in-process cancel can reach us: one may have landed in between.
            var run = await store.FindAsync(runId, cancellationToken);
            if (run is null || run.Status != RunStatus.Queued) return;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cancelToken);
            await CancelRequestWatch.RunAsync(() => Run(run, linked.Token, cancelToken),
                async ct => (await store.FindAsync(runId, ct))?.CancelRequested == true, linked, CancelPollInterval, logger, $"run {runId}");
        }
        finally
        {
            cancellation.Unregister(runId);
        }
    }

    private async Task<bool> IsQueuedAsync(Guid runId, CancellationToken ct)
    {
        var run = await store.FindAsync(runId, ct);
        if (run is null) logger.LogWarning("run {RunId} not found: nothing to do", runId);
        // Cancelled while queued, or delivered again after another worker took it: never run twice.
        else if (run.Status != RunStatus.Queued) logger.LogInformation("run {RunId} is {Status}: not starting it", runId, run.Status);
        return run?.Status == RunStatus.Queued;
    }

    private void Run(RunEntity run, CancellationToken token, CancellationToken cancelToken)
    {
        var mapper = new EventMapper(run.Id);
        var ended = false;
        var publishFailed = false;

        void Append(SearchEvent e, string? error = null)
        {
            var write = mapper.Map(e, DateTimeOffset.UtcNow);
            var update = write.UpdateRun;
            if (error is not null) write = write with { UpdateRun = r => { update?.Invoke(r); r.Error = error; } };
            // The store is written even after cancellation: the events so far are the run's record.
            var sequence = store.AppendAsync(run.Id, write, CancellationToken.None).GetAwaiter().GetResult();
            if (e.IsTerminal) ended = true;
            try
            {
                using var timeout = new CancellationTokenSource(PublishTimeout);
                publisher.PublishAsync(run.Id, sequence, write.Type, write.PayloadJson, timeout.Token).GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                // Watchers catch up from the store; a lost live message must not stop the search.
                if (!publishFailed) logger.LogWarning(ex, "publishing events of run {RunId} failed; they are stored", run.Id);
                publishFailed = true;
            }
        }

        try
        {
            var request = ReadRequest(run);
            using var lease = pool.Rent(request.Model!, request.DeviceOr(pool.DefaultDevice), request.Variant);
            mapper.ModelHash = lease.OnnxHash;
            token.ThrowIfCancellationRequested();
            SearchRunner.Run(lease.Model, request.ToSearchRequest(), e => Append(e), token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            End(run.Id, ended, () => Append(new RunCancelled(), WasRequested(run.Id, cancelToken) ? null : "the worker stopped during the run"),
                RunStatus.Cancelled, null);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "run {RunId} failed", run.Id);
            End(run.Id, ended, () => Append(new RunFailed(e.Message)), RunStatus.Failed, e.Message);
        }
    }

    // Records the end once; when even that append fails (the store is down), tries the bare status, then gives up loudly.
    private void End(Guid runId, bool ended, Action append, RunStatus status, string? error)
    {
        if (ended) return;
        try
        {
            append();
        }
        catch (Exception e)
        {
            logger.LogError(e, "could not store the end of run {RunId}", runId);
            if (!store.TryFinishAsync(runId, status, error, CancellationToken.None).GetAwaiter().GetResult())
                throw new InvalidOperationException($"run {runId} ended ({status}) but that could not be recorded", e);
        }
    }

    private RunRequest ReadRequest(RunEntity run)
    {
        var request = JsonSerializer.Deserialize<RunRequest>(run.RequestJson, RunJson.Options)
                      ?? throw new FormatException("the run has no request");
        var errors = request.Validate(limits);
        if (errors.Count > 0)
            throw new ArgumentException("invalid request: " + string.Join("; ", errors.SelectMany(e => e.Value)));
        return request;
    }

    // Cancelled by someone (in-process cancel or the stored flag), rather than by shutdown.
    private bool WasRequested(Guid runId, CancellationToken cancelToken)
    {
        if (cancelToken.IsCancellationRequested) return true;
        try { return store.FindAsync(runId).GetAwaiter().GetResult()?.CancelRequested == true; }
        catch (Exception) { return false; }
    }
}
