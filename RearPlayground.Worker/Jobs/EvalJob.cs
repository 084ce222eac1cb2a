using System.Diagnostics;
using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.Logging;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Evaluations;
using RearPlayground.Worker.Eval;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Models;

namespace RearPlayground.Worker.Jobs;

/// <summary>
/// The Hangfire job of one evaluation: take the model from the pool, run the eval harness over the stored dataset
/// with the stored options, keep Done/Total current in the store (at most every <see cref="ProgressInterval"/>),
/// and store the eval verb's JSON report. Ends Succeeded, Failed (with the message) or Cancelled (a cancel
/// request, job deletion or worker shutdown); only a Queued evaluation is ever started.
/// </summary>
public sealed class EvalJob(IEvaluationStore store, ModelPool pool, RunCancellation cancellation, RunLimits limits, ILogger<EvalJob> logger)
{
    public const string Queue = RunJob.DatabaseQueue;
    public const string StoppedError = "the worker stopped during the evaluation";

    /// <summary>How often the CancelRequested flag is read: a cancel from another process arrives this way.</summary>
    public TimeSpan CancelPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Progress writes are throttled: a small model finishes searches faster than a page can show them.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Enqueue with <c>CancellationToken.None</c>; never retried (it would redo minutes of searches).</summary>
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [Queue(Queue)]
    public async Task ExecuteAsync(Guid evaluationId, CancellationToken cancellationToken)
    {
        var evaluation = await store.FindAsync(evaluationId, cancellationToken);
        if (evaluation is null || evaluation.Status != RunStatus.Queued)
        {
            logger.LogInformation("evaluation {Id} is {Status}: not starting it", evaluationId, evaluation?.Status.ToString() ?? "missing");
            return;
        }
        // Registered before the start, so an in-process cancel from here on reaches the search.
        var cancelToken = cancellation.Register(evaluationId);
        try
        {
            EvalSettings settings;
            IReadOnlyList<EvalItem> items;
            try
            {
                (settings, items) = Read(evaluation);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or JsonException)
            {
                await store.TryFinishAsync(evaluationId, RunStatus.Failed, null, e.Message, CancellationToken.None);
                return;
            }
            var total = (settings.Limit is { } limit ? Math.Min(limit, items.Count) : items.Count) * EvalMethods.Runs(settings.Methods).Count;
            if (!await store.TryStartAsync(evaluationId, total, cancellationToken)) return; // cancelled while queued

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cancelToken);
            await CancelRequestWatch.RunAsync(() => Run(evaluationId, settings, items, linked.Token, cancelToken),
                async ct => (await store.FindAsync(evaluationId, ct))?.CancelRequested == true, linked, CancelPollInterval, logger,
                $"evaluation {evaluationId}");
        }
        finally
        {
            cancellation.Unregister(evaluationId);
        }
    }

    private (EvalSettings, IReadOnlyList<EvalItem>) Read(EvaluationEntity evaluation)
    {
        var request = EvalRequest.FromJson(evaluation.SettingsJson) with { Model = evaluation.Model };
        var errors = request.Validate(limits);
        if (errors.Count > 0) throw new ArgumentException("invalid settings: " + string.Join("; ", errors.SelectMany(e => e.Value)));
        var dataset = EvalUpload.Parse(evaluation.DatasetName, evaluation.DatasetJsonl, limits);
        if (!dataset.Ok) throw new FormatException($"{evaluation.DatasetName}: {dataset.Error}");
        return (request.ToSettings(evaluation.DatasetName), dataset.Items!);
    }

    private void Run(Guid id, EvalSettings settings, IReadOnlyList<EvalItem> items, CancellationToken token, CancellationToken cancelToken)
    {
        try
        {
            using var lease = pool.Rent(settings.Model, pool.DefaultDevice);
            token.ThrowIfCancellationRequested();
            var progress = new Throttle(ProgressInterval);
            var result = EvalRunner.Run(lease.Model, items, settings, p =>
            {
                if (!progress.Due()) return;
                // Runs finished so far: the progress callback comes just before each search starts.
                var done = (p.Item - 1) * p.Runs + p.RunIndex - 1;
                Try(() => store.UpdateProgressAsync(id, done, p.Items * p.Runs, CancellationToken.None).GetAwaiter().GetResult(), id);
            }, token);
            Finish(id, RunStatus.Succeeded, EvalReport.Serialize(result), null);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            Finish(id, RunStatus.Cancelled, null, WasRequested(id, cancelToken) ? null : StoppedError);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "evaluation {Id} failed", id);
            Finish(id, RunStatus.Failed, null, e.Message);
        }
    }

    private void Finish(Guid id, RunStatus status, string? resultJson, string? error)
    {
        // Even after cancellation: the outcome is the evaluation's record.
        if (!store.TryFinishAsync(id, status, resultJson, error, CancellationToken.None).GetAwaiter().GetResult())
            logger.LogInformation("evaluation {Id} had already ended; its {Status} outcome is dropped", id, status);
    }

    // A lost progress update must not stop the evaluation; the next one or the end catches up.
    private void Try(Action write, Guid id)
    {
        try { write(); }
        catch (Exception e) { logger.LogWarning(e, "storing the progress of evaluation {Id} failed", id); }
    }

    // Cancelled by someone (in-process cancel or the stored flag), rather than by shutdown.
    private bool WasRequested(Guid id, CancellationToken cancelToken)
    {
        if (cancelToken.IsCancellationRequested) return true;
        try { return store.FindAsync(id).GetAwaiter().GetResult()?.CancelRequested == true; }
        catch (Exception) { return false; }
    }

    /// <summary>True at most once per interval (and on the first call).</summary>
    private sealed class Throttle(TimeSpan interval)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan? _last;

        public bool Due()
        {
            var now = _clock.Elapsed;
            if (_last is { } last && now - last < interval) return false;
            _last = now;
            return true;
        }
    }
}
