using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace RearPlayground.Tests.Web;

/// <summary>
/// Another writer holding SQLite's write lock (BEGIN IMMEDIATE on a connection of its own) until disposed: the app's
/// writes wait out the store's 30 s timeout and then fail, as on a database some other process keeps busy.
/// </summary>
internal sealed class DatabaseWriteLock : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly DbTransaction _transaction;

    private DatabaseWriteLock(SqliteConnection connection, DbTransaction transaction) =>
        (_connection, _transaction) = (connection, transaction);

    public static async Task<DatabaseWriteLock> HoldAsync(string databasePath)
    {
        var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        return new DatabaseWriteLock(connection, await connection.BeginTransactionAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
