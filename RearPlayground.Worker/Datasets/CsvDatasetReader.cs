using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using nietras.SeparatedValues;

namespace RearPlayground.Worker.Datasets;

/// <summary>
/// CSV through Sep: a header row, quoted fields (doubled quotes, embedded newlines) unescaped, the delimiter given or
/// detected from the header (',', ';', tab, '|'). Every value is a string; a row with a different column count is
/// skipped with its reason.
/// </summary>
public static class CsvDatasetReader
{
    public static async IAsyncEnumerable<DatasetRecord> ReadAsync(string path, char? delimiter, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = await Open(path, delimiter, ct);
        var names = reader.Header.ColNames;
        if (names.Count == 0) throw new DatasetException("file", "the CSV file has no header row");
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new DatasetException("file", $"the CSV header names column '{duplicate.Key}' twice");
        await foreach (var row in reader)
        {
            ct.ThrowIfCancellationRequested();
            var line = row.LineNumberFrom;
            if (row.ColCount != names.Count)
            {
                // A blank line reads as one empty column: not worth a reason.
                if (row.ColCount == 1 && row.Span.Trim().IsEmpty) continue;
                yield return DatasetRecord.Bad(line, $"{row.ColCount} columns where the header has {names.Count}");
                continue;
            }
            var fields = new JsonObject();
            for (var i = 0; i < names.Count; i++) fields[names[i]] = row[i].ToString();
            yield return new DatasetRecord(line, fields, null);
        }
    }

    private static async Task<SepReader> Open(string path, char? delimiter, CancellationToken ct)
    {
        var options = new SepReaderOptions(delimiter is { } d ? new Sep(d) : null)
        {
            Unescape = true,
            DisableColCountCheck = true,
            HasHeader = true,
        };
        try
        {
            return await options.FromFileAsync(path, ct);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or NotSupportedException)
        {
            throw new DatasetException(delimiter is null ? "file" : "delimiter", $"cannot read the CSV file: {e.Message}");
        }
    }
}
