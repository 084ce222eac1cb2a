using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace RearPlayground.Data.Sqlite;

/// <summary>
/// Inserts rows of a mapped entity type with multi-row INSERT statements on the context's connection and transaction,
/// bypassing change tracking: a run's batch adds dozens of rows that are never read back in the same context, and
/// EF's per-entity bookkeeping cost several milliseconds on the job's path. Table, columns and value conversion come
/// from EF's own model and type mappings, so the rows are exactly what SaveChanges would write. Store-generated keys
/// (INTEGER) are left to the database and not read back; a Guid key must be set by the caller.
/// </summary>
public static class RowInserter
{
    // SQLite allows 32,766 parameters per statement; stay well below with a few hundred rows per statement.
    private const int MaxParameters = 4000;

    private static readonly ConcurrentDictionary<(IModel, Type), Shape> Shapes = new();

    public static async Task InsertAsync<T>(DbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken) where T : class
    {
        if (rows.Count == 0) return;
        var (connection, transaction) = await ContextConnection.OpenAsync(db, cancellationToken);
        await InsertAsync(db.Model, connection, transaction, rows, cancellationToken);
    }

    /// <summary>As above on an open connection of the context's database, outside EF (<paramref name="model"/> is its model).</summary>
    public static async Task InsertAsync<T>(IModel model, DbConnection connection, DbTransaction? transaction, IReadOnlyList<T> rows,
        CancellationToken cancellationToken) where T : class
    {
        if (rows.Count == 0) return;
        var shape = Shapes.GetOrAdd((model, typeof(T)), key => Shape.Of(key.Item1, key.Item2));
        var perStatement = Math.Max(1, MaxParameters / shape.Columns.Length);
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var count = Math.Min(perStatement, rows.Count - start);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = shape.Sql(count);
            for (var r = 0; r < count; r++)
            {
                var row = rows[start + r];
                for (var c = 0; c < shape.Columns.Length; c++)
                {
                    var (property, mapping) = shape.Columns[c];
                    command.Parameters.Add(mapping.CreateParameter(command, $"@p{r}_{c}", property.GetGetter().GetClrValue(row), property.IsNullable));
                }
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private sealed record Shape(string Prefix, (IProperty Property, RelationalTypeMapping Mapping)[] Columns)
    {
        private readonly ConcurrentDictionary<int, string> _sql = new();

        public static Shape Of(IModel model, Type type)
        {
            var entity = model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not mapped");
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var columns = entity.GetProperties()
                .Where(p => !IsAutoIncrement(p))
                .Select(p => (p, (RelationalTypeMapping)p.GetTypeMapping()))
                .ToArray();
            var names = string.Join(", ", columns.Select(c => $"\"{c.p.GetColumnName(table)}\""));
            return new Shape($"INSERT INTO \"{table.Name}\" ({names}) VALUES ", columns);
        }

        // SQLite numbers an INTEGER key itself; other generated keys (a Guid's) are the caller's to set.
        private static bool IsAutoIncrement(IProperty p) =>
            p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && (p.ClrType == typeof(long) || p.ClrType == typeof(int));

        public string Sql(int rows) => _sql.GetOrAdd(rows, n =>
        {
            var sql = new StringBuilder(Prefix);
            for (var r = 0; r < n; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < Columns.Length; c++) sql.Append(c == 0 ? "" : ", ").Append($"@p{r}_{c}");
                sql.Append(')');
            }
            return sql.ToString();
        });
    }
}
