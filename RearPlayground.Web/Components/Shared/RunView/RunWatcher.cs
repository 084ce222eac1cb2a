using System.Collections.Concurrent;
using RearPlayground.Web.Runs;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Web.Live;

namespace RearPlayground.Web.Components.Shared.RunView;

/// <summary>
/// Follows one run for a component: the broker's backlog then live events into a <see cref="RunViewState"/>, applied
/// on the component's renderer (<c>dispatch</c> = InvokeAsync) and redrawn at most ~20 times a second; and, until the
/// state has ended, the stored run re-read every <see cref="PollInterval"/>, because a run cancelled while queued (or
/// interrupted) ends without an event. The broker's delivery only enqueues: a slow page never holds up the job.
/// </summary>
public sealed class RunWatcher : IAsyncDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly RunEventBroker _broker;
    private readonly RunQueries _store;
    private readonly TimeProvider _time;
    private readonly Func<Func<Task>, Task> _dispatch;
    private readonly Func<Task> _changed;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<RunEventMessage> _inbox = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly RenderThrottle _throttle;
    private IDisposable? _subscription;
    private Task _polling = Task.CompletedTask;

    public RunWatcher(Guid runId, RunEventBroker broker, RunQueries store, TimeProvider time,
        Func<Func<Task>, Task> dispatch, Func<Task> changed, ILogger logger)
    {
        RunId = runId;
        _broker = broker;
        _store = store;
        _time = time;
        _dispatch = dispatch;
        _changed = changed;
        _logger = logger;
        _throttle = new RenderThrottle(FlushAsync, time);
    }

    public Guid RunId { get; }
    public RunViewState State { get; } = new();
    /// <summary>The stored run as last read (status, times, device, error); null before start or when missing.</summary>
    public RunEntity? Run { get; private set; }
    /// <summary>True once the state has every event the store had when the watch began (the backlog is drawn).</summary>
    public bool CaughtUp => Run is null || State.LastSequence >= Run.LastSequence;
    /// <summary>True when no run has this id.</summary>
    public bool Missing { get; private set; }

    public async Task StartAsync()
    {
        Run = await _store.FindAsync(RunId, _stop.Token);
        if (Run is null)
        {
            Missing = true;
            return;
        }
        State.ObserveStored(Run.Status, Run.LastSequence);
        _subscription = await _broker.SubscribeAsync(RunId, 0, message =>
        {
            _inbox.Enqueue(message);
            _throttle.Request();
            return Task.CompletedTask;
        }, _stop.Token);
        _polling = PollAsync(_stop.Token);
    }

    private Task FlushAsync() => Guard(() => _dispatch(() =>
    {
        var changed = false;
        while (_inbox.TryDequeue(out var message)) changed |= State.Apply(message);
        return changed ? _changed() : Task.CompletedTask;
    }));

    private async Task PollAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var ended = State.Ended;
            if (!ended)
            {
                try { await Task.Delay(PollInterval, _time, ct); }
                catch (OperationCanceledException) { return; }
            }
            await Guard(async () =>
            {
                var run = await _store.FindAsync(RunId, ct);
                if (run is null) return;
                await _dispatch(() =>
                {
                    var statusChanged = Run?.Status != run.Status || Run?.FinishedAt != run.FinishedAt;
                    Run = run;
                    return State.ObserveStored(run.Status, run.LastSequence) || statusChanged ? _changed() : Task.CompletedTask;
                });
            });
            // One last read after the end, for the stored times and error; then the events say it all.
            if (ended) return;
        }
    }

    // The circuit can go away at any time (tab closed): that ends the watch quietly.
    private async Task Guard(Func<Task> work)
    {
        try { await work(); }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || _stop.IsCancellationRequested) { }
        catch (Exception e)
        {
            // A failed read or redraw must not end the watch: the next event or poll tries again.
            _logger.LogWarning(e, "watching run {RunId} failed", RunId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _throttle.Dispose();
        // Unsubscribing takes the broker's per-run lock synchronously: not on the renderer's thread.
        if (_subscription is { } s) await Task.Run(s.Dispose);
        await _polling;
        _stop.Dispose();
    }
}
