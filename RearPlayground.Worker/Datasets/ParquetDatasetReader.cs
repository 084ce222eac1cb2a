using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Parquet;
using Parquet.Schema;

namespace RearPlayground.Worker.Datasets;

/// <summary>
/// Parquet through Parquet.Net, one row group in memory at a time. Flat columns of strings, booleans, integers,
/// floating point, decimals and dates are read; a nested or binary column (a list, a struct, a map, bytes) is left out
/// of the records and named in <see cref="Unsupported"/>, so mapping it is a clear error rather than a silent blank.
/// </summary>
public static class ParquetDatasetReader
{
    private static readonly Type[] Supported =
    [
        typeof(string), typeof(ReadOnlyMemory<char>), typeof(bool), typeof(int), typeof(long), typeof(short), typeof(byte), typeof(sbyte), typeof(uint),
        typeof(ulong), typeof(ushort), typeof(float), typeof(double), typeof(decimal), typeof(DateTime), typeof(DateOnly),
    ];

    /// <summary>The columns this reader cannot take, with their Parquet shape: <c>column → type</c>.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> Unsupported(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await Open(stream, ct);
        return reader.Schema.Fields.Where(f => Flat(f) is null).ToDictionary(f => f.Name, Describe);
    }

    public static async IAsyncEnumerable<DatasetRecord> ReadAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await using var reader = await Open(stream, ct);
        var fields = reader.Schema.Fields.Select(Flat).OfType<DataField>().ToList();
        var row = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = checked((int)group.RowCount);
            var columns = new object?[fields.Count][];
            for (var c = 0; c < fields.Count; c++) columns[c] = await ReadColumn(group, fields[c], count, ct);
            for (var r = 0; r < count; r++)
            {
                var record = new JsonObject();
                for (var c = 0; c < fields.Count; c++) record[fields[c].Name] = Node(columns[c][r]);
                yield return new DatasetRecord(++row, record, null);
            }
        }
    }

    private static async Task<ParquetReader> Open(Stream stream, CancellationToken ct)
    {
        try
        {
            return await ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true, ct);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException)
        {
            throw new DatasetException("file", $"not a readable Parquet file: {e.Message}");
        }
    }

    private static DataField? Flat(Field f) => f is DataField { IsArray: false } d && Supported.Contains(Underlying(d.ClrType)) ? d : null;

    private static Type Underlying(Type t) => Nullable.GetUnderlyingType(t) ?? t;

    private static string Describe(Field f) => f switch
    {
        ListField => "list",
        MapField => "map",
        StructField => "struct",
        DataField { IsArray: true } d => $"array of {Underlying(d.ClrType).Name}",
        DataField d => Underlying(d.ClrType) == typeof(byte[]) || Underlying(d.ClrType) == typeof(ReadOnlyMemory<byte>) ? "binary" : Underlying(d.ClrType).Name,
        _ => f.SchemaType.ToString(),
    };

    private static async Task<object?[]> ReadColumn(ParquetRowGroupReader group, DataField field, int count, CancellationToken ct)
    {
        var type = Underlying(field.ClrType);
        // Parquet.Net 6 gives UTF-8 string columns the CLR type ReadOnlyMemory<char>; strings read them either way.
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var strings = new string?[count];
            await group.ReadAsync(field, strings.AsMemory(), null, ct);
            return strings;
        }
        return type switch
        {
            _ when type == typeof(bool) => await Read<bool>(group, field, count, ct),
            _ when type == typeof(int) => await Read<int>(group, field, count, ct),
            _ when type == typeof(long) => await Read<long>(group, field, count, ct),
            _ when type == typeof(short) => await Read<short>(group, field, count, ct),
            _ when type == typeof(byte) => await Read<byte>(group, field, count, ct),
            _ when type == typeof(sbyte) => await Read<sbyte>(group, field, count, ct),
            _ when type == typeof(uint) => await Read<uint>(group, field, count, ct),
            _ when type == typeof(ulong) => await Read<ulong>(group, field, count, ct),
            _ when type == typeof(ushort) => await Read<ushort>(group, field, count, ct),
            _ when type == typeof(float) => await Read<float>(group, field, count, ct),
            _ when type == typeof(double) => await Read<double>(group, field, count, ct),
            _ when type == typeof(decimal) => await Read<decimal>(group, field, count, ct),
            _ when type == typeof(DateTime) => await Read<DateTime>(group, field, count, ct),
            _ => await Read<DateOnly>(group, field, count, ct),
        };
    }

    private static async Task<object?[]> Read<T>(ParquetRowGroupReader group, DataField field, int count, CancellationToken ct) where T : struct
    {
        var result = new object?[count];
        if (field.IsNullable)
        {
            var values = new T?[count];
            await group.ReadAsync<T>(field, values.AsMemory(), null, ct);
            for (var i = 0; i < count; i++) result[i] = values[i];
        }
        else
        {
            var values = new T[count];
            await group.ReadAsync<T>(field, values.AsMemory(), null, ct);
            for (var i = 0; i < count; i++) result[i] = values[i];
        }
        return result;
    }

    private static JsonNode? Node(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        int or long or short or byte or sbyte or uint or ushort => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ulong u => u,
        float f => float.IsFinite(f) ? (double)f : f.ToString(CultureInfo.InvariantCulture),
        double d => double.IsFinite(d) ? d : d.ToString(CultureInfo.InvariantCulture),
        decimal m => m,
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        DateOnly t => t.ToString("O", CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
