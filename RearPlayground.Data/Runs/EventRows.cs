using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Runs;

/// <summary>
/// Inserts a batch's event rows with one prepared statement inside the store's transaction. Events are most of what a
/// run writes and nothing reads them back in the same unit of work, so EF's change tracking (a SaveChanges that
/// builds and parses a fresh batch of INSERTs each time) is skipped for them: on a 2-core machine that work competes
/// with the search itself. Values are bound as EF stores them (RunId as upper-case text, At as UTC ticks).
/// </summary>
internal static class EventRows
{
    public static async Task InsertAsync(RearDbContext db, Guid runId, long first, IReadOnlyList<EventWrite> writes, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("event rows are written inside the batch's transaction");
        command.CommandText = "INSERT INTO \"RunEvents\" (\"RunId\", \"Sequence\", \"Type\", \"PayloadJson\", \"At\") VALUES ($run, $seq, $type, $payload, $at)";
        // EF's SQLite provider keeps a Guid as upper-case text.
        Add(command, "$run", runId.ToString().ToUpperInvariant());
        var seq = Add(command, "$seq", 0L);
        var type = Add(command, "$type", "");
        var payload = Add(command, "$payload", "");
        var at = Add(command, "$at", 0L);
        await command.PrepareAsync(cancellationToken);
        for (var i = 0; i < writes.Count; i++)
        {
            seq.Value = first + i;
            type.Value = writes[i].Type;
            payload.Value = writes[i].PayloadJson;
            at.Value = (writes[i].At ?? now).UtcTicks;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static DbParameter Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
        return p;
    }
}
