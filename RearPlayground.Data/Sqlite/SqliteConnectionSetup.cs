using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace RearPlayground.Data.Sqlite;

/// <summary>
/// Per-connection settings, applied each time EF opens a connection: they are not stored in the database file
/// (unlike journal_mode=WAL, set once by MigrateRearDataAsync).
/// </summary>
public sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    /// <summary>Wait this long for another writer (jobs and web share the file) before SQLITE_BUSY.</summary>
    public const int BusyTimeoutMs = 5000;

    // synchronous=NORMAL is safe with WAL (a crash loses at most the last commits, never consistency) and saves
    // an fsync per appended event.
    private static readonly string Pragmas = $"PRAGMA busy_timeout={BusyTimeoutMs}; PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Setup(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Setup(connection);
        return Task.CompletedTask;
    }

    private static void Setup(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite) return;
        sqlite.CreateFunction(SqliteText.FunctionName, (string? value) => SqliteText.Fold(value), isDeterministic: true);
        ApplyPragmas(sqlite);
    }

    /// <summary>The PRAGMAs alone, for a connection opened outside EF for plain statements (no search function needed).</summary>
    public static void ApplyPragmas(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
