using System.Collections.Concurrent;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Web.Live;
using RearPlayground.Worker.Jobs.Remote;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Events;

namespace RearPlayground.Web.Workers;

/// <summary>
/// The runs that workers on other machines are running: the web app maps their events with its own
/// <see cref="EventMapper"/> (one per run, fed in order, as a local job does), stores them and publishes them to the
/// hub. Every call of the worker about a run renews the run's lease; <see cref="RemoteRunMonitor"/> ends a run whose
/// lease ran out (its worker died or lost the network) as Interrupted with a <c>runInterrupted</c> event.
/// </summary>
public sealed class RemoteRuns(IRunStore store, RunEventBroker broker, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, RemoteRun> _runs = new();

    /// <summary>The runs a worker holds now, with the last time it was heard of.</summary>
    public IEnumerable<(Guid RunId, DateTimeOffset LastContact)> Leases => _runs.Select(r => (r.Key, r.Value.LastContact));

    /// <summary>The run as a worker reads it (status, request, cancel flag); renews the lease of a run that is not over.</summary>
    public async Task<RunEntity?> ReadAsync(Guid runId, CancellationToken ct)
    {
        var run = await store.FindAsync(runId, ct);
        if (run is not null && RemoteWire.Accepts(run.Status)) Touch(runId, run.LastSequence);
        return run;
    }

    /// <summary>Stores and publishes a batch; null when the run is over (or unknown) and takes no more events.</summary>
    public async Task<long?> AppendAsync(Guid runId, RemoteBatch batch, CancellationToken ct)
    {
        var found = await store.FindAsync(runId, ct);
        if (found is null || !RemoteWire.Accepts(found.Status)) return null;
        var run = Touch(runId, found.LastSequence);
        await run.Lock.WaitAsync(ct);
        try
        {
            // Positions already stored: an answer that got lost, the worker sends the batch again.
            if (batch.From + batch.Events.Count <= run.Received) return run.Base + batch.From + 1;
            if (batch.From != run.Received)
                throw new InvalidOperationException($"events {batch.From}… of run {runId} arrived, {run.Received}… were expected");
            if (run.Ended || !RemoteWire.Accepts((await store.FindAsync(runId, ct))!.Status)) return null;
            var writes = batch.Events.Select(e => Map(run.Mapper, e)).ToList();
            var first = await store.AppendBatchAsync(runId, writes, CancellationToken.None);
            run.Received += writes.Count;
            if (writes.Count > 0 && RunEndEvents.TerminalTypes.Contains(writes[^1].Type)) End(runId);
            await broker.PublishBatchAsync(runId, writes.Select((w, i) => new PublishedEvent(first + i, w.Type, w.PayloadJson)).ToList(), ct);
            return first;
        }
        finally
        {
            run.Lock.Release();
        }
    }

    /// <summary>Ends a run without a terminal event (the worker could not store one); false when it had ended.</summary>
    public async Task<bool> FinishAsync(Guid runId, RemoteFinish finish, CancellationToken ct)
    {
        var done = await store.TryFinishAsync(runId, finish.Status, finish.Error, ct);
        End(runId);
        return done;
    }

    /// <summary>
    /// Ends the run Interrupted with a terminal <c>runInterrupted</c> event saying why, unless it ended meanwhile; the
    /// lease is dropped either way. True when this ended it.
    /// </summary>
    public async Task<bool> InterruptAsync(Guid runId, string message, CancellationToken ct)
    {
        if (!_runs.TryGetValue(runId, out var run)) return false;
        await run.Lock.WaitAsync(ct);
        try
        {
            End(runId);
            var found = await store.FindAsync(runId, ct);
            if (found is null || !RemoteWire.Accepts(found.Status)) return false;
            var at = time.GetUtcNow();
            var write = new EventWrite(RunEndEvents.Interrupted, RunEndEvents.InterruptedJson(message))
            {
                At = at,
                UpdateRun = r =>
                {
                    r.Status = RunStatus.Interrupted;
                    r.FinishedAt = at;
                    r.Error = message;
                },
            };
            var sequence = await store.AppendAsync(runId, write, CancellationToken.None);
            await broker.PublishBatchAsync(runId, [new PublishedEvent(sequence, write.Type, write.PayloadJson)], ct);
            return true;
        }
        finally
        {
            run.Lock.Release();
        }
    }

    // The worker's event through this run's mapper, with what only the worker knows applied to the run row too.
    private static EventWrite Map(EventMapper mapper, RemoteEvent e)
    {
        if (e.ModelHash is not null) mapper.ModelHash = e.ModelHash;
        var write = mapper.Map(EventJson.Deserialize(e.PayloadJson), e.At ?? DateTimeOffset.UtcNow);
        if (e.Error is null) return write;
        var update = write.UpdateRun;
        return write with { UpdateRun = r => { update?.Invoke(r); r.Error = e.Error; } };
    }

    private RemoteRun Touch(Guid runId, long lastSequence)
    {
        var run = _runs.GetOrAdd(runId, id => new RemoteRun(new EventMapper(id), lastSequence));
        run.LastContact = time.GetUtcNow();
        return run;
    }

    private void End(Guid runId)
    {
        if (_runs.TryRemove(runId, out var run)) run.Ended = true;
    }

    private sealed class RemoteRun(EventMapper mapper, long @base)
    {
        public EventMapper Mapper { get; } = mapper;
        /// <summary>The run's last sequence before its worker's first event: stream position i is sequence Base + i + 1.</summary>
        public long Base { get; } = @base;
        public long Received { get; set; }
        public DateTimeOffset LastContact { get; set; }
        public bool Ended { get; set; }
        public SemaphoreSlim Lock { get; } = new(1, 1);
    }
}
