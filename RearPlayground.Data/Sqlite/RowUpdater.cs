using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace RearPlayground.Data.Sqlite;

/// <summary>
/// Reads one row of a mapped entity type by its key and writes back only the columns that changed, on the context's
/// connection and transaction, bypassing EF's query pipeline and change tracker: the run row is read and updated in every
/// one of a run's batch transactions, where EF's per-call cost was milliseconds on a 2-core machine. Columns, value
/// conversion and equality come from EF's own model (type mappings, converters, value comparers), so what is read and
/// written is what EF would read and write. The companion of <see cref="RowInserter"/>.
/// </summary>
public static class RowUpdater
{
    private static readonly ConcurrentDictionary<(IModel, Type), Shape> Shapes = new();
    private static readonly MethodInfo GetFieldValue = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetFieldValue))!;

    /// <summary>The row with key <paramref name="key"/>, or null; pass it to <see cref="SaveAsync{T}"/> after changing it.</summary>
    public static async Task<Row<T>?> FindAsync<T>(DbContext db, object key, CancellationToken cancellationToken) where T : class
    {
        var (connection, transaction) = await ContextConnection.OpenAsync(db, cancellationToken);
        return await FindAsync<T>(db.Model, connection, transaction, key, cancellationToken);
    }

    /// <summary>As above on an open connection of the context's database, outside EF (<paramref name="model"/> is its model).</summary>
    public static async Task<Row<T>?> FindAsync<T>(IModel model, DbConnection connection, DbTransaction? transaction, object key,
        CancellationToken cancellationToken) where T : class
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        return await FindAsync<T>(model, command, key, cancellationToken);
    }

    private static async Task<Row<T>?> FindAsync<T>(IModel model, DbCommand command, object key, CancellationToken cancellationToken) where T : class
    {
        var shape = ShapeOf<T>(model);
        command.CommandText = shape.Select;
        command.Parameters.Add(shape.Key.Mapping.CreateParameter(command, "@key", key, nullable: false));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var entity = (T)Activator.CreateInstance(typeof(T), nonPublic: true)!;
        var values = new object?[shape.Columns.Length];
        for (var c = 0; c < shape.Columns.Length; c++)
        {
            var column = shape.Columns[c];
            var value = reader.IsDBNull(c) ? null : column.Read(reader, c);
            if (value is not null && column.Mapping.Converter is { } converter) value = converter.ConvertFromProvider(value);
            column.Property.PropertyInfo!.SetValue(entity, value);
            values[c] = column.Property.GetValueComparer().Snapshot(value);
        }
        return new Row<T>(entity, values);
    }

    /// <summary>Writes the columns of <paramref name="row"/> that differ from what was read; false when none did.</summary>
    public static async Task<bool> SaveAsync<T>(DbContext db, Row<T> row, CancellationToken cancellationToken) where T : class
    {
        var (connection, transaction) = await ContextConnection.OpenAsync(db, cancellationToken);
        return await SaveAsync(db.Model, connection, transaction, row, cancellationToken);
    }

    /// <summary>As above on an open connection of the context's database, outside EF (<paramref name="model"/> is its model).</summary>
    public static async Task<bool> SaveAsync<T>(IModel model, DbConnection connection, DbTransaction? transaction, Row<T> row,
        CancellationToken cancellationToken) where T : class
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        return await SaveAsync(model, command, row, cancellationToken);
    }

    private static async Task<bool> SaveAsync<T>(IModel model, DbCommand command, Row<T> row, CancellationToken cancellationToken) where T : class
    {
        var shape = ShapeOf<T>(model);
        var sets = new StringBuilder();
        for (var c = 0; c < shape.Columns.Length; c++)
        {
            var (property, mapping, name, _) = shape.Columns[c];
            var value = property.GetGetter().GetClrValue(row.Entity);
            if (property.GetValueComparer().Equals(row.Read[c], value)) continue;
            if (property.IsPrimaryKey()) throw new InvalidOperationException($"the key of a {typeof(T).Name} row cannot change");
            sets.Append(sets.Length == 0 ? "" : ", ").Append($"\"{name}\" = @p{c}");
            command.Parameters.Add(mapping.CreateParameter(command, $"@p{c}", value, property.IsNullable));
        }
        if (sets.Length == 0) return false;
        command.CommandText = $"UPDATE \"{shape.Table}\" SET {sets} WHERE \"{shape.Key.Name}\" = @key";
        command.Parameters.Add(shape.Key.Mapping.CreateParameter(command, "@key", shape.Key.Property.GetGetter().GetClrValue(row.Entity), nullable: false));
        await command.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    private static Shape ShapeOf<T>(IModel model) => Shapes.GetOrAdd((model, typeof(T)), key => Shape.Of(key.Item1, key.Item2));

    /// <summary>An entity as read, with the snapshot of its column values that <see cref="SaveAsync{T}"/> compares against.</summary>
    public sealed record Row<T>(T Entity, object?[] Read) where T : class;

    private sealed record Column(IProperty Property, RelationalTypeMapping Mapping, string Name, Func<DbDataReader, int, object> Read);

    private sealed record Shape(string Table, string Select, Column Key, Column[] Columns)
    {
        public static Shape Of(IModel model, Type type)
        {
            var entity = model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not mapped");
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var key = entity.FindPrimaryKey()?.Properties is [var single] ? single
                : throw new InvalidOperationException($"{type.Name} needs a single-column key");
            // Shadow properties (no CLR property) are neither read nor written: nothing in the entity could change them.
            var columns = entity.GetProperties().Where(p => p.PropertyInfo is not null).Select(p => Of(p, table)).ToArray();
            var select = $"SELECT {string.Join(", ", columns.Select(c => $"\"{c.Name}\""))} FROM \"{table.Name}\" " +
                         $"WHERE \"{key.GetColumnName(table)}\" = @key";
            return new Shape(table.Name, select, columns.Single(c => c.Property == key), columns);
        }

        private static Column Of(IProperty property, StoreObjectIdentifier table)
        {
            var mapping = (RelationalTypeMapping)property.GetTypeMapping();
            var provider = mapping.Converter?.ProviderClrType ?? property.ClrType;
            provider = Nullable.GetUnderlyingType(provider) ?? provider;
            // The ADO.NET provider's typed read (GUIDs, DateTimeOffset and bool as it wrote them), then EF's converter.
            var read = GetFieldValue.MakeGenericMethod(provider);
            return new Column(property, mapping, property.GetColumnName(table)!, (reader, i) => read.Invoke(reader, [i])!);
        }
    }
}
