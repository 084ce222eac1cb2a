using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Worker.Events;

/// <summary>
/// The one writer of a run's events, off the search's thread (group commit): it takes whatever the search emitted since
/// the last commit (at most <see cref="EventPipelineOptions.MaxBatch"/>), maps it, stores it in ONE transaction with
/// gapless sequence numbers, then publishes it in the same order. Commits start at most every
/// <see cref="EventPipelineOptions.CommitInterval"/>; the first event, a full batch and the terminal event go at once.
/// It reads until the channel completes whatever fails, so the search never waits on a writer that stopped.
/// </summary>
public sealed class RunEventWriter(Guid runId, IRunStore store, IRunEventPublisher publisher, EventMapper mapper,
    EventPipelineOptions options, ILogger logger)
{
    private IRunAppender? _appender;
    private volatile TaskCompletionSource _bell = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// The writer the search should emit into: <paramref name="channel"/>'s, ringing this writer's bell for the events it
    /// must not wait for (the terminal one, a full batch) and at the stream's end. Events written straight into the
    /// channel, terminal ones too, wait for the commit to be due.
    /// </summary>
    public ChannelWriter<EmittedEvent> Input(Channel<EmittedEvent> channel) =>
        new BellWriter(channel, options.MaxBatch, () => _bell.TrySetResult());
    private Exception? _storeFailure;
    private bool _terminalStored, _publishFailed;

    /// <summary>The error stored with a RunCancelled event: null when someone cancelled, a reason when the worker stopped.</summary>
    public Func<Task<string?>> CancelledError { get; init; } = () => Task.FromResult<string?>(null);

    /// <summary>Stops the search when its events can no longer be stored: its work would be lost.</summary>
    public Action StopSearch { get; init; } = () => { };

    /// <summary>Transactions committed so far.</summary>
    public int Commits { get; private set; }

    /// <summary>Events stored so far.</summary>
    public int Stored { get; private set; }

    /// <summary>
    /// Writes the run's events until <paramref name="reader"/> completes and makes sure the run ends in the store: when its
    /// terminal event could not be stored, a bare RunFailed, else the bare status; throws when even that fails.
    /// </summary>
    public async Task RunAsync(ChannelReader<EmittedEvent> reader)
    {
        try
        {
            await using var appender = store.OpenAppender(runId);
            _appender = appender;
            await WriteAllAsync(reader);
        }
        catch (Exception e)
        {
            // Not expected (storing and publishing are guarded): still drain, so the search can end.
            _storeFailure ??= e;
            StopSearch();
            while (await reader.WaitToReadAsync()) while (reader.TryRead(out _)) { }
        }
        if (!_terminalStored) await EndFailedAsync();
    }

    private async Task WriteAllAsync(ChannelReader<EmittedEvent> reader)
    {
        var batch = new List<EmittedEvent>();
        var due = 0L; // no commit starts before this Stopwatch timestamp; 0: the first event goes at once
        var started = 0L; // when the batch's oldest event was taken
        var linger = Ticks(options.Linger);
        while (true)
        {
            // Re-armed before looking at the channel: a ring after this is either seen by Take or wakes the next wait.
            if (_bell.Task.IsCompleted) _bell = new(TaskCreationOptions.RunContinuationsAsynchronously);
            var before = batch.Count;
            var terminal = Take(reader, batch);
            if (before == 0 && batch.Count > 0) started = Stopwatch.GetTimestamp();
            // A burst (Best-of-N's candidates, then its end) lands in one transaction: a batch waits a moment for more.
            var commitAt = due == 0 ? 0 : Math.Max(due, started + linger);
            if (batch.Count > 0 && (terminal || batch.Count >= options.MaxBatch || Stopwatch.GetTimestamp() >= commitAt))
            {
                due = Stopwatch.GetTimestamp() + Ticks(options.CommitInterval);
                await CommitAsync(batch);
                batch.Clear();
                continue;
            }
            if (batch.Count == 0)
            {
                // Nothing waiting: the next event starts a batch. Completed: the stream has ended (after its terminal event).
                if (!await reader.WaitToReadAsync()) return;
                continue;
            }
            if (reader.Completion.IsCompleted)
            {
                await CommitAsync(batch); // ended without a terminal event: only after a failure
                return;
            }
            // Something to commit: wait for it to be due or for the bell (a terminal event, a full batch, the stream's end),
            // not for every event: each wake-up is a thread switch on a core the search could use (846 of them in a DVTS
            // run). The 1.6× DVTS gap once blamed on them was page faults (see NativeHeap).
            var wait = TimeSpan.FromSeconds((double)(commitAt - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
            if (wait > TimeSpan.Zero) await Task.WhenAny(_bell.Task, Task.Delay(wait));
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    // Whatever has arrived, up to a full batch; true once the terminal event (always the last) is in.
    private bool Take(ChannelReader<EmittedEvent> reader, List<EmittedEvent> batch)
    {
        while (batch.Count < options.MaxBatch && reader.TryRead(out var e)) batch.Add(e);
        return batch.Count > 0 && batch[^1].Event.IsTerminal;
    }

    private async Task CommitAsync(List<EmittedEvent> batch)
    {
        if (_storeFailure is not null) return; // dropped: the search has been stopped and is ending
        var writes = new List<EventWrite>(batch.Count);
        long first;
        try
        {
            // Each event goes to the appender as it is mapped: a large batch is packed beside its mapping. (A batch that
            // fails here is never committed: after any failure nothing more goes through the appender.)
            // The run's final burst (Best-of-N's candidates and end): the search has freed its cores, so the batch is
            // packed on one while the writer maps it. During the search, packing stays on this thread.
            if (batch[^1].Event.IsTerminal && batch.Count >= PackedEvents.LargeBatch) _appender!.PackAlongside();
            foreach (var e in batch)
            {
                var write = await MapAsync(e);
                writes.Add(write);
                _appender!.Add(write);
            }
            // Written even after cancellation: the events so far are the run's record.
            first = await _appender!.CommitAsync(CancellationToken.None);
        }
        catch (RunEndedException)
        {
            // Cancelled (with its terminal event) between the job's start and its first event: nothing more to record.
            logger.LogInformation("run {RunId} ended before its events could be stored: stopping the search", runId);
            _terminalStored = true;
            _storeFailure = new RunEndedException(runId);
            StopSearch();
            return;
        }
        catch (Exception e)
        {
            logger.LogError(e, "storing events of run {RunId} failed: stopping the run", runId);
            _storeFailure = e;
            StopSearch();
            return;
        }
        Commits++;
        Stored += writes.Count;
        _terminalStored = batch[^1].Event.IsTerminal;
        await PublishAsync(first, writes);
    }

    private async Task<EventWrite> MapAsync(EmittedEvent e)
    {
        var write = mapper.Map(e.Event, e.At);
        if (e.Event is not RunCancelled || await CancelledError() is not { } error) return write;
        var update = write.UpdateRun;
        return write with { UpdateRun = r => { update?.Invoke(r); r.Error = error; } };
    }

    private async Task PublishAsync(long first, IReadOnlyList<EventWrite> writes)
    {
        var events = new PublishedEvent[writes.Count];
        for (var i = 0; i < events.Length; i++) events[i] = new PublishedEvent(first + i, writes[i].Type, writes[i].PayloadJson);
        try
        {
            using var timeout = new CancellationTokenSource(options.PublishTimeout);
            await publisher.PublishBatchAsync(runId, events, timeout.Token);
        }
        catch (Exception e)
        {
            // Watchers catch up from the store; a lost live message must not stop the search.
            if (!_publishFailed) logger.LogWarning(e, "publishing events of run {RunId} failed; they are stored", runId);
            _publishFailed = true;
        }
    }

    // The run's record could not be completed: end it Failed, saying why, without the rows (they may be what failed).
    // The store may refuse even that (the disk full, the database read-only): retried until it takes it, so the run
    // ends Failed as soon as space is freed rather than staying Running.
    private async Task EndFailedAsync()
    {
        var message = _storeFailure is { } failure ? $"storing the run's events failed: {failure.Message}" : "the run ended without a terminal event";
        var retrying = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            var error = await TryEndFailedAsync(message, logFailure: attempt == 1);
            if (error is null) return;
            if (retrying.Elapsed >= options.EndRetry)
                throw new InvalidOperationException($"run {runId} ended but that could not be recorded", error);
            await Task.Delay(options.EndRetryInterval);
        }
    }

    // Null when the end is recorded: a RunFailed event, else the bare status.
    private async Task<Exception?> TryEndFailedAsync(string message, bool logFailure)
    {
        try
        {
            var write = EventMapper.Bare(new RunFailed(message), DateTimeOffset.UtcNow);
            await PublishAsync(await store.AppendAsync(runId, write, CancellationToken.None), [write]);
            return null;
        }
        catch (Exception e)
        {
            if (logFailure) logger.LogError(e, "could not store the end of run {RunId}; retrying", runId);
            bool finished;
            try { finished = await store.TryFinishAsync(runId, RunStatus.Failed, message, CancellationToken.None); }
            catch (Exception again) { return again; } // the store still refuses: retried
            if (!finished) throw new InvalidOperationException($"run {runId} ended but that could not be recorded", e);
            return null;
        }
    }
}
