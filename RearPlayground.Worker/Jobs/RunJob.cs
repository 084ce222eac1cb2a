using Hangfire;
using Microsoft.Extensions.Logging;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Models;
using RearPlayground.Worker.Events;

namespace RearPlayground.Worker.Jobs;

/// <summary>
/// The Hangfire job of one run: take the model from the pool and run the search; its events go through a bounded
/// channel to the run's <see cref="RunEventWriter"/>, which stores them in batches and publishes them, in order, off
/// the search's path. The run ends Succeeded, Failed (with the message) or Cancelled (a cancel request, job deletion
/// or worker shutdown), and only a Queued run is ever started.
/// </summary>
public sealed partial class RunJob(IRunStore store, ModelPool pool, IRunEventPublisher publisher, RunCancellation cancellation,
    RunLimits limits, ILogger<RunJob> logger)
{
    public const string Queue = "gpu";

    /// <summary>
    /// Model work that reads and writes the run database itself (evaluations, GenRM ranks): only servers with the
    /// database take it, never a worker on another machine, which stores through the web app.
    /// </summary>
    public const string DatabaseQueue = "gpu-db";

    /// <summary>How often the run's CancelRequested flag is read: a cancel from another process arrives this way.</summary>
    public TimeSpan CancelPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How the run's events go from the search to the store and the publisher.</summary>
    public EventPipelineOptions Pipeline { get; init; } = new();

    /// <summary>
    /// Enqueue with <c>CancellationToken.None</c>: Hangfire passes a token that fires on shutdown or job deletion.
    /// Never retried: a search that ran halfway must not run again over its own events.
    /// </summary>
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [Queue(Queue)]
    public async Task ExecuteAsync(Guid runId, CancellationToken cancellationToken)
    {
        // Registered before the one read of the run: a cancel before it is in the store, one after reaches the token.
        if (cancellation.TryRegister(runId) is not { } cancelToken)
        {
            logger.LogInformation("run {RunId} is already running in this process: not starting it again", runId);
            return;
        }
        try
        {
            var run = await store.FindAsync(runId, cancellationToken);
            if (run is null) logger.LogWarning("run {RunId} not found: nothing to do", runId);
            // Cancelled while queued, or delivered again after another worker took it: never run twice.
            else if (run.Status != RunStatus.Queued) logger.LogInformation("run {RunId} is {Status}: not starting it", runId, run.Status);
            if (run?.Status != RunStatus.Queued) return;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cancelToken);
            await CancelRequestWatch.RunAsync(() => Run(run, linked, cancelToken),
                async ct => (await store.FindAsync(runId, ct))?.CancelRequested == true, linked, CancelPollInterval, logger, $"run {runId}");
        }
        finally
        {
            cancellation.Unregister(runId);
        }
    }

    // On the job's own thread: the search, handing its events to the run's writer, which stores and publishes them.
    private void Run(RunEntity run, CancellationTokenSource linked, CancellationToken cancelToken)
    {
        var token = linked.Token;
        var mapper = new EventMapper(run.Id);
        var channel = SearchStream.CreateChannel(Pipeline.Capacity);
        var writer = new RunEventWriter(run.Id, store, publisher, mapper, Pipeline, logger)
        {
            CancelledError = async () => await WasRequestedAsync(run.Id, cancelToken) ? null : "the worker stopped during the run",
            StopSearch = linked.Cancel,
        };
        var input = writer.Input(channel);
        var writing = Task.Run(() => writer.RunAsync(channel.Reader));
        SearchStream.Produce(emit =>
        {
            var request = ReadRequest(run);
            using var lease = pool.Rent(request.Model!, request.DeviceOr(pool.DefaultDevice), request.Variant);
            mapper.ModelHash = lease.OnnxHash;
            token.ThrowIfCancellationRequested();
            SearchRunner.Run(lease.Model, request.ToSearchRequest(), emit, token);
        }, input, token, e => logger.LogWarning(e, "run {RunId} failed", run.Id));
        writing.GetAwaiter().GetResult();
    }

    private RunRequest ReadRequest(RunEntity run)
    {
        var request = RunRequest.FromJson(run.RequestJson)
                      ?? throw new FormatException("the run has no request");
        var errors = request.Validate(limits);
        if (errors.Count > 0)
            throw new ArgumentException("invalid request: " + string.Join("; ", errors.SelectMany(e => e.Value)));
        return request;
    }

    // Cancelled by someone (in-process cancel or the stored flag), rather than by shutdown.
    private async Task<bool> WasRequestedAsync(Guid runId, CancellationToken cancelToken)
    {
        if (cancelToken.IsCancellationRequested) return true;
        try { return (await store.FindAsync(runId))?.CancelRequested == true; }
        catch (Exception) { return false; }
    }
}
