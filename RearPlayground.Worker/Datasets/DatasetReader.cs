using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace RearPlayground.Worker.Datasets;

/// <summary>
/// A data file opened for import: the first records are read ahead to learn the columns (a CSV's header, a Parquet
/// schema, the keys of the first JSON lines), a mapping is checked against them, then the rest is streamed and mapped.
/// The web import, the page's preview and the CLI all read through this.
/// </summary>
public sealed class DatasetReader : IAsyncDisposable
{
    /// <summary>Records read ahead for the columns (JSON lines may differ in keys).</summary>
    public const int Lookahead = 100;

    private readonly IAsyncEnumerator<DatasetRecord> _records;
    private readonly List<DatasetRecord> _ahead = [];
    private bool _ended;

    private DatasetReader(IAsyncEnumerator<DatasetRecord> records, DatasetFormat format, IReadOnlyDictionary<string, string> unsupported)
    {
        _records = records;
        Format = format;
        Unsupported = unsupported;
    }

    public DatasetFormat Format { get; }
    public IReadOnlyList<string> Columns { get; private set; } = [];
    /// <summary>Parquet columns that cannot be read (nested, binary), with their type; they are not in <see cref="Columns"/>.</summary>
    public IReadOnlyDictionary<string, string> Unsupported { get; }

    public static async Task<DatasetReader> OpenAsync(string path, string fileName, DatasetReadOptions options, CancellationToken ct)
    {
        var format = options.Format ?? DatasetFormats.FromName(fileName);
        var unsupported = format == DatasetFormat.Parquet && new FileInfo(path) is { Exists: true, Length: > 0 }
            ? await ParquetDatasetReader.Unsupported(path, ct) : new Dictionary<string, string>();
        var records = DatasetFormats.ReadAsync(path, fileName, options with { Format = format }, ct).GetAsyncEnumerator(ct);
        var reader = new DatasetReader(records, format, unsupported);
        try
        {
            await reader.ReadAheadAsync();
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }
        return reader;
    }

    private async Task ReadAheadAsync()
    {
        var columns = new List<string>();
        var seen = new HashSet<string>();
        while (_ahead.Count < Lookahead && await _records.MoveNextAsync())
        {
            _ahead.Add(_records.Current);
            foreach (var (key, _) in _records.Current.Fields ?? [])
                if (seen.Add(key)) columns.Add(key);
        }
        _ended = _ahead.Count < Lookahead;
        if (_ahead.Count == 0) throw new DatasetException("file", "the file has no rows");
        Columns = columns;
    }

    /// <summary>
    /// The mapping to use: the one given, else the preset's, else the columns named question, preference, answer,
    /// system and id. A <see cref="DatasetException"/> names a mapped column the file lacks or cannot read.
    /// </summary>
    public DatasetMapping Resolve(DatasetMapping? mapping, string? preset)
    {
        if (mapping is null && !string.IsNullOrWhiteSpace(preset)) return DatasetPresets.Resolve(preset.Trim(), [.. Columns]);
        if (mapping is null)
        {
            string? Present(string c) => Columns.Contains(c) ? c : null;
            if (!Columns.Contains("question"))
                throw new DatasetException("mapping", $"the file has no column named 'question': give a mapping or a preset (columns: {string.Join(", ", Columns)})");
            return new DatasetMapping("question", Present("preference"), Present("answer"), Present("system"), Present("id"));
        }
        foreach (var (field, reference) in mapping.Fields())
        {
            var column = DatasetMapping.ColumnOf(reference);
            if (Unsupported.TryGetValue(column, out var type))
                throw new DatasetException("mapping", $"mapping.{field}: column '{column}' has Parquet type {type}, which cannot be imported (use a column of strings or numbers)");
            if (!Columns.Contains(column))
                throw new DatasetException("mapping", $"mapping.{field}: the file has no column '{column}' (columns: {string.Join(", ", Columns)})");
        }
        return mapping;
    }

    /// <summary>Every record as mapped; records that cannot be (bad JSON, an empty question, …) go to <paramref name="skipped"/>.</summary>
    public async IAsyncEnumerable<DatasetItem> ItemsAsync(DatasetMapping mapping, SkipLog skipped, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var position = 0;
        await foreach (var record in RecordsAsync(ct))
        {
            var item = DatasetMapper.Map(record, mapping, position, out var reason);
            if (item is null)
            {
                skipped.Add(record.Row, reason!);
                continue;
            }
            position++;
            yield return item;
        }
    }

    private async IAsyncEnumerable<DatasetRecord> RecordsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var record in _ahead) yield return record;
        _ahead.Clear();
        while (!_ended && await _records.MoveNextAsync())
        {
            ct.ThrowIfCancellationRequested();
            yield return _records.Current;
        }
        _ended = true;
    }

    public ValueTask DisposeAsync() => _records.DisposeAsync();
}
