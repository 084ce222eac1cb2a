namespace RearPlayground.Worker.Datasets;

public enum DatasetFormat { Jsonl, Csv, Parquet }

/// <summary>How to read a file: its format (from the name when not given) and, for CSV, the delimiter (else detected from the header).</summary>
public sealed record DatasetReadOptions(DatasetFormat? Format = null, char? Delimiter = null);

public static class DatasetFormats
{
    /// <summary>The extensions taken as data files (a hub pull picks these).</summary>
    public static readonly string[] Extensions = [".jsonl", ".json", ".ndjson", ".csv", ".tsv", ".parquet"];

    public static bool IsDataFile(string name) => Extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>The format a file name says; a <see cref="DatasetException"/> for anything else.</summary>
    public static DatasetFormat FromName(string name)
    {
        var ext = Path.GetExtension(name).ToLowerInvariant();
        return ext switch
        {
            ".jsonl" or ".json" or ".ndjson" => DatasetFormat.Jsonl,
            ".csv" or ".tsv" or ".txt" => DatasetFormat.Csv,
            ".parquet" => DatasetFormat.Parquet,
            _ => throw new DatasetException("file", $"'{name}' is not a data file this app reads: use .jsonl, .json, .csv, .tsv or .parquet"),
        };
    }

    public static string Name(DatasetFormat format) => format.ToString().ToLowerInvariant();

    /// <summary>Every record of the file at <paramref name="path"/>, streamed; <paramref name="fileName"/> picks the format when the options do not.</summary>
    public static IAsyncEnumerable<DatasetRecord> ReadAsync(string path, string fileName, DatasetReadOptions options, CancellationToken ct)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0) throw new DatasetException("file", $"'{fileName}' is empty");
        return (options.Format ?? FromName(fileName)) switch
        {
            DatasetFormat.Jsonl => JsonlDatasetReader.ReadAsync(path, ct),
            DatasetFormat.Csv => CsvDatasetReader.ReadAsync(path, options.Delimiter ?? (fileName.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : null), ct),
            _ => ParquetDatasetReader.ReadAsync(path, ct),
        };
    }
}
