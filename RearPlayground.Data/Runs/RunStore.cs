using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Sqlite;

namespace RearPlayground.Data.Runs;

/// <summary>
/// <see cref="IRunStore"/> on SQLite. A singleton: every call takes its own short-lived context from the factory,
/// so jobs and web requests can call it concurrently. Multi-row writes run in one IMMEDIATE transaction (the
/// write lock is taken at BEGIN, so a read-then-write never races another writer); single-row state changes
/// are one conditional UPDATE each, which SQLite makes atomic.
/// </summary>
public sealed partial class RunStore(IDbContextFactory<RearDbContext> factory, TimeProvider time) : IRunStore
{
    public const int MaxPageSize = 200;
    public const string InterruptedError = "the process running it stopped";

    public async Task CreateAsync(RunEntity run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.CreatedAt == default) run.CreatedAt = time.GetUtcNow();
        if (run.Id == Guid.Empty) run.Id = Guid.NewGuid(); // as EF would have
        await using var connection = await OpenPlainAsync(cancellationToken);
        // One INSERT statement (atomic on its own): a submit's path, where EF's tracking is pure cost.
        await RowInserter.InsertAsync(Model, connection, null, [run], cancellationToken);
    }

    public async Task<RunEntity?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        // Every job start, cancel poll and hub join reads a run: RowUpdater's plain SELECT, not EF's query pipeline.
        await using var connection = await OpenPlainAsync(cancellationToken);
        return (await RowUpdater.FindAsync<RunEntity>(Model, connection, null, id, cancellationToken))?.Entity;
    }

    public async Task SetJobIdAsync(Guid id, string jobId, CancellationToken cancellationToken = default)
    {
        // Beside the job's start on a submit: the one changed column, written as RowUpdater writes it.
        await using var connection = await OpenPlainAsync(cancellationToken);
        if (await RowUpdater.FindAsync<RunEntity>(Model, connection, null, id, cancellationToken) is not { } row) return;
        row.Entity.JobId = jobId;
        await RowUpdater.SaveAsync(Model, connection, null, row, cancellationToken);
    }

    // The context's model and connection string, read once.
    private Plain PlainSetup => _plain ??= Plain.Of(factory);

    private IModel Model => PlainSetup.Model;

    /// <summary>
    /// A pooled connection to the run database opened outside EF, for the run row's plain statements on a submit's and a
    /// job's path: an EF context's own connection registers EF's SQL functions on every open (~0.1 ms; 0.25 with EF's open).
    /// </summary>
    private async Task<SqliteConnection> OpenPlainAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(PlainSetup.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        SqliteConnectionSetup.ApplyPragmas(connection);
        return connection;
    }

    private Plain? _plain;

    private sealed record Plain(IModel Model, string ConnectionString)
    {
        public static Plain Of(IDbContextFactory<RearDbContext> factory)
        {
            using var db = factory.CreateDbContext();
            return new Plain(db.Model, db.Database.GetConnectionString()!);
        }
    }

    public async Task<IReadOnlyList<RunEventEntity>> EventsAsync(Guid runId, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await PackedEvents.LoadAsync(db, [runId], afterSequence, null, cancellationToken);
    }

    public async Task<IReadOnlyList<TreeNodeEntity>> NodesAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return [.. (await NodeArrays.NodesAsync(db, [runId], cancellationToken))[runId]];
    }

    public async Task<IReadOnlyList<CandidateEntity>> CandidatesAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var candidates = await db.Candidates.AsNoTracking().Where(c => c.RunId == runId && c.Baseline == null).OrderBy(c => c.Index)
            .ToListAsync(cancellationToken);
        if (candidates.Any(c => c.TokenIdsJson.Length == 0))
            NodeArrays.FillCandidates(candidates, await NodeArrays.NodesAsync(db, [runId], cancellationToken));
        return candidates;
    }

    public async Task<IReadOnlyList<CandidateEntity>> BaselinesAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        // A baseline's arrays are on its own row (it is in no tree).
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Candidates.AsNoTracking().Where(c => c.RunId == runId && c.Baseline != null).OrderBy(c => c.Index)
            .ToListAsync(cancellationToken);
    }

    public async Task<(IReadOnlyList<RunEntity> Items, int Total)> ListAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (page, pageSize) = (query.Clamped().Page, query.Clamped().PageSize);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var runs = Filter(db, query);
        var total = await runs.CountAsync(cancellationToken);
        var items = await Order(runs, query.Sort, query.Descending)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return (items, total);
    }

    public async Task<bool> RequestCancelAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // Nothing is running it yet: cancelled at once, with its terminal event so watchers see it end (the caller
        // publishes it and deletes the queued job). One IMMEDIATE transaction: a job starting now waits for it.
        await using (var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken))
        {
            var queued = await db.Runs.SingleOrDefaultAsync(r => r.Id == id && r.Status == RunStatus.Queued, cancellationToken);
            if (queued is not null)
            {
                queued.CancelRequested = true;
                End(db, queued, RunStatus.Cancelled, null, RunEndEvents.Cancelled, RunEndEvents.CancelledJson(), now);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return true;
            }
        }
        // Running (or it just started): the job sees the flag and ends itself with its terminal event.
        var running = await db.Runs.Where(r => r.Id == id && r.Status == RunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelRequested, true), cancellationToken);
        return running > 0;
    }

    public async Task<bool> TryFinishAsync(Guid id, RunStatus status, string? error, CancellationToken cancellationToken = default)
    {
        if (!status.IsTerminal()) throw new ArgumentOutOfRangeException(nameof(status), status, "Not a terminal status.");
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var changed = await db.Runs.Where(r => r.Id == id && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, status)
                .SetProperty(r => r.Error, error)
                .SetProperty(r => r.FinishedAt, now), cancellationToken);
        return changed > 0;
    }

    public async Task<int> MarkInterruptedAsync(IEnumerable<RunStatus> fromStatuses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fromStatuses);
        // Only live statuses: a run that ended keeps its outcome whatever the caller passed.
        var statuses = fromStatuses.Where(s => !s.IsTerminal()).Distinct().ToList();
        if (statuses.Count == 0) return 0;
        var now = time.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // All of them or none, each with a terminal runInterrupted after its last stored event.
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var runs = await db.Runs.Where(r => statuses.Contains(r.Status)).ToListAsync(cancellationToken);
        foreach (var run in runs)
            End(db, run, RunStatus.Interrupted, InterruptedError, RunEndEvents.Interrupted, RunEndEvents.InterruptedJson(InterruptedError), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return runs.Count;
    }

    // A tracked run ends with its terminal event at the next sequence number (saved by the caller's transaction).
    private static void End(RearDbContext db, RunEntity run, RunStatus status, string? error, string type, string payloadJson, DateTimeOffset now)
    {
        run.Status = status;
        run.Error = error;
        run.FinishedAt = now;
        run.LastSequence++;
        db.RunEvents.Add(new RunEventEntity { RunId = run.Id, Sequence = run.LastSequence, Type = type, PayloadJson = payloadJson, At = now });
    }
}
