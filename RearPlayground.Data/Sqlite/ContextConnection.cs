using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace RearPlayground.Data.Sqlite;

/// <summary>A context's connection (opened through EF when it is not open yet) and its current transaction, for plain statements.</summary>
internal static class ContextConnection
{
    public static async Task<(DbConnection Connection, DbTransaction? Transaction)> OpenAsync(DbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(cancellationToken);
        return (connection, db.Database.CurrentTransaction?.GetDbTransaction());
    }
}
