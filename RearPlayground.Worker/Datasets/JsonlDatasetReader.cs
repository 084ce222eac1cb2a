using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RearPlayground.Worker.Datasets;

/// <summary>
/// JSON lines read one line at a time (a bad line is a skipped record with the parser's reason, blank lines are
/// ignored); a file starting with <c>[</c> is one JSON array (as PrefEval ships its sets), read element by element.
/// </summary>
public static class JsonlDatasetReader
{
    public static async IAsyncEnumerable<DatasetRecord> ReadAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        if (await StartsWithArrayAsync(stream, ct))
        {
            var index = 0;
            await foreach (var node in JsonSerializer.DeserializeAsyncEnumerable<JsonNode>(stream, cancellationToken: ct))
            {
                index++;
                yield return node is JsonObject o ? new DatasetRecord(index, o, null) : DatasetRecord.Bad(index, "the element is not a JSON object");
            }
            yield break;
        }
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var line = 0;
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            yield return Parse(text, line);
        }
    }

    private static DatasetRecord Parse(string text, int line)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject o ? new DatasetRecord(line, o, null) : DatasetRecord.Bad(line, "the line is not a JSON object");
        }
        catch (JsonException e)
        {
            // The parser's own position refers to the line alone; the byte is the useful part.
            return DatasetRecord.Bad(line, "bad JSON: " + e.Message.Split(" LineNumber:")[0].Split(" Path:")[0].TrimEnd());
        }
    }

    private static async Task<bool> StartsWithArrayAsync(FileStream stream, CancellationToken ct)
    {
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer, ct);
        stream.Position = 0;
        var start = buffer.AsSpan(0, read);
        if (start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) start = start[3..];
        foreach (var b in start)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return b == (byte)'[';
        return false;
    }
}
