using System.Data.Common;
using Microsoft.Data.Sqlite;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Sqlite;

namespace RearPlayground.Data.Runs;

/// <summary>Creating a run once per Idempotency-Key: a double click or a client's retry answers the first run.</summary>
public sealed partial class RunStore
{
    // SQLITE_CONSTRAINT_UNIQUE: the (Owner, IdempotencyKey) index refused a second live key.
    private const int UniqueViolation = 2067;

    public async Task<RunCreation> CreateOnceAsync(RunEntity run, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.IdempotencyKey is null)
        {
            await CreateAsync(run, cancellationToken);
            return new RunCreation(run, true);
        }
        var now = time.GetUtcNow();
        if (run.CreatedAt == default) run.CreatedAt = now;
        if (run.Id == Guid.Empty) run.Id = Guid.NewGuid();
        await using var connection = await OpenPlainAsync(cancellationToken);
        try
        {
            // IMMEDIATE (Microsoft.Data.Sqlite's default): the write lock from BEGIN, so submits with one key go one at a time.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (await KeyedAsync(connection, transaction, run.Owner, run.IdempotencyKey, cancellationToken) is { } earlier)
            {
                if (earlier.Entity.CreatedAt > now - window) return new RunCreation(earlier.Entity, false);
                // Past its window the key may start a new run: the old run lets go of it first (the index allows one).
                earlier.Entity.IdempotencyKey = null;
                await RowUpdater.SaveAsync(Model, connection, transaction, earlier, cancellationToken);
            }
            await RowInserter.InsertAsync(Model, connection, transaction, [run], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new RunCreation(run, true);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == UniqueViolation)
        {
            // A writer that did not queue behind our lock stored the key first: its run is the answer.
            if (await KeyedAsync(connection, null, run.Owner, run.IdempotencyKey, cancellationToken) is { } winner)
                return new RunCreation(winner.Entity, false);
            throw;
        }
    }

    private async Task<RowUpdater.Row<RunEntity>?> KeyedAsync(DbConnection connection, DbTransaction? transaction, string owner, string key,
        CancellationToken cancellationToken)
    {
        string? id;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT \"Id\" FROM \"Runs\" WHERE \"Owner\" = @owner AND \"IdempotencyKey\" = @key";
            command.Parameters.Add(new SqliteParameter("@owner", owner));
            command.Parameters.Add(new SqliteParameter("@key", key));
            id = await command.ExecuteScalarAsync(cancellationToken) as string;
        }
        return id is null ? null : await RowUpdater.FindAsync<RunEntity>(Model, connection, transaction, Guid.Parse(id), cancellationToken);
    }
}
