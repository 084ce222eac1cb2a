using System.Data;
using Microsoft.EntityFrameworkCore;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Sqlite;

namespace RearPlayground.Data.Runs;

/// <summary>Appending a run's events with the rows they imply: one transaction per batch, gapless sequence numbers.</summary>
public sealed partial class RunStore
{
    public async Task<long> AppendAsync(Guid runId, EventWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        return await AppendBatchAsync(runId, [write], cancellationToken);
    }

    public async Task<long> AppendBatchAsync(Guid runId, IReadOnlyList<EventWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count == 0) throw new ArgumentException("A batch needs at least one event.", nameof(writes));
        // The batch is one row (PackedEvents): its events' data written once, deflated before it is inserted. A large
        // batch (a run's final burst) is deflated on another core while the transaction and the run row are fetched.
        var now = time.GetUtcNow();
        var events = writes.Select(w => (w.Type, w.PayloadJson, w.At ?? now)).ToArray();
        var packing = writes.Count >= PackedEvents.LargeBatch ? Task.Run(() => PackedEvents.Pack(runId, events), CancellationToken.None)
            : Task.FromResult(PackedEvents.Pack(runId, events));
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await AppendAsync(db, runId, writes, packing, cancellationToken);
    }

    public IRunAppender OpenAppender(Guid runId) => new RunAppender(this, runId);

    private Task<RearDbContext> NewContextAsync(CancellationToken cancellationToken) => factory.CreateDbContextAsync(cancellationToken);

    // The batch's transaction on db's connection, with its packed row from packing.
    private static async Task<long> AppendAsync(RearDbContext db, Guid runId, IReadOnlyList<EventWrite> writes, Task<RunEventEntity> packing,
        CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite starts every non-ReadUncommitted transaction with BEGIN IMMEDIATE: the lock is
        // held from here, so LastSequence + 1 … is ours even with several writers on one run.
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        // The run row is read and written back by RowUpdater, not EF's query and change tracker (milliseconds per batch).
        var row = await RowUpdater.FindAsync<RunEntity>(db, runId, cancellationToken) ?? throw new KeyNotFoundException($"No run {runId}.");
        var run = row.Entity;
        // A job that started just as its queued run was cancelled (or interrupted) must not write past the end.
        if (run.Status.IsTerminal() && run.LastSequence > 0 && await HasEndedAsync(db, run, cancellationToken))
            throw new RunEndedException(runId);
        var first = run.LastSequence + 1;
        // Nodes added by this batch, so a later write of it can flag them before anything is saved.
        var added = new Dictionary<int, TreeNodeEntity>();
        var nodes = new List<TreeNodeEntity>();
        var candidates = new List<CandidateEntity>();
        foreach (var write in writes)
        {
            foreach (var node in write.Nodes)
            {
                node.RunId = runId;
                nodes.Add(node);
                added[node.NodeId] = node;
            }
            foreach (var candidate in write.Candidates)
            {
                candidate.RunId = runId;
                candidates.Add(candidate);
            }
            await SetKeptAsync(db, runId, write, added, cancellationToken);
            write.UpdateRun?.Invoke(run);
        }
        run.LastSequence = first + writes.Count - 1; // after UpdateRun, which must not move it
        var packed = await packing;
        packed.Sequence = first;
        // New rows go in as plain INSERTs (RowInserter); nodes stored earlier whose flags changed are tracked and saved by EF.
        await RowInserter.InsertAsync(db, [packed], cancellationToken);
        await RowInserter.InsertAsync(db, nodes, cancellationToken);
        await RowInserter.InsertAsync(db, candidates, cancellationToken);
        await RowUpdater.SaveAsync(db, row, cancellationToken);
        if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear(); // a context kept for the run's next batch starts it with nothing tracked
        return first;
    }

    private static async Task<bool> HasEndedAsync(RearDbContext db, RunEntity run, CancellationToken cancellationToken)
    {
        // The row holding the last event: a packed batch starts before it (its Type is empty; the types are inside).
        var row = await db.RunEvents.AsNoTracking().Where(e => e.RunId == run.Id && e.Sequence <= run.LastSequence)
            .OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);
        var last = row is null ? null : PackedEvents.Expand(row).LastOrDefault()?.Type;
        return last is not null && RunEndEvents.TerminalTypes.Contains(last);
    }

    /// <summary>Kept / pruned flags, on nodes of this batch or stored earlier. An unknown id fails the whole batch.</summary>
    private static async Task SetKeptAsync(RearDbContext db, Guid runId, EventWrite write, Dictionary<int, TreeNodeEntity> added,
        CancellationToken cancellationToken)
    {
        if (write.KeptNodeIds.Count == 0 && write.PrunedNodeIds.Count == 0) return;
        var missing = write.KeptNodeIds.Concat(write.PrunedNodeIds).Where(id => !added.ContainsKey(id)).Distinct().ToList();
        if (missing.Count > 0)
            foreach (var node in await db.TreeNodes.Where(n => n.RunId == runId && missing.Contains(n.NodeId)).ToListAsync(cancellationToken))
                added[node.NodeId] = node; // tracked now: the flag is saved with the batch
        foreach (var id in write.KeptNodeIds) Node(id).Kept = true;
        foreach (var id in write.PrunedNodeIds) Node(id).Kept = false;

        TreeNodeEntity Node(int id) =>
            added.TryGetValue(id, out var node) ? node : throw new KeyNotFoundException($"Run {runId} has no node {id}.");
    }
}
