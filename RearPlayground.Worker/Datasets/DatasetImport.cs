using System.Text.Json;
using RearPlayground.Data.Datasets;
using RearPlayground.Data.Entities;

namespace RearPlayground.Worker.Datasets;

/// <summary>What to import: the file on disk, the name it had, where it came from, and how to map it.</summary>
public sealed record DatasetImportRequest(
    string Path, string FileName, string Name, string Source, string Origin, string CreatedBy,
    DatasetMapping? Mapping = null, string? Preset = null, DatasetReadOptions? Options = null);

/// <summary>The stored dataset and the rows left out.</summary>
public sealed record DatasetImportResult(DatasetEntity Dataset, IReadOnlyList<SkippedRow> Skipped, int SkippedCount);

/// <summary>A file → a stored dataset: open, check the mapping, stream the mapped items into the store's one transaction.</summary>
public static class DatasetImport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<DatasetImportResult> ImportAsync(IDatasetStore store, DatasetImportRequest request, CancellationToken ct)
    {
        await using var reader = await DatasetReader.OpenAsync(request.Path, request.FileName, request.Options ?? new(), ct);
        var mapping = reader.Resolve(request.Mapping, request.Preset);
        var skipped = new SkipLog();
        var dataset = new DatasetEntity
        {
            Name = request.Name, Source = request.Source, Origin = request.Origin, Format = DatasetFormats.Name(reader.Format),
            MappingJson = mapping.ToJson(), CreatedBy = request.CreatedBy,
        };
        var items = Entities(reader.ItemsAsync(mapping, skipped, ct));
        await store.ImportAsync(dataset, items, d =>
        {
            if (d.Items == 0)
            {
                var reasons = string.Join("; ", skipped.First.Take(3).Select(s => $"row {s.Row}: {s.Reason}"));
                throw new DatasetException("file", $"no row could be imported ({skipped.Count} skipped{(reasons.Length > 0 ? ": " + reasons : "")})");
            }
            d.SkippedCount = skipped.Count;
            d.SkippedJson = skipped.Count == 0 ? null : JsonSerializer.Serialize(skipped.First, Json);
        }, ct);
        return new DatasetImportResult(dataset, skipped.First, skipped.Count);

        async IAsyncEnumerable<DatasetItemEntity> Entities(IAsyncEnumerable<DatasetItem> source)
        {
            await foreach (var item in source)
            {
                dataset.Items++;
                yield return new DatasetItemEntity
                {
                    Position = item.Position, Row = item.Row, ExternalId = item.Id, Question = item.Question, Preference = item.Preference,
                    Answer = item.Answer, System = item.System, MetadataJson = item.MetadataJson,
                };
            }
        }
    }

    /// <summary>The stored skipped rows of a dataset.</summary>
    public static IReadOnlyList<SkippedRow> Skipped(DatasetEntity dataset) =>
        dataset.SkippedJson is { } json ? JsonSerializer.Deserialize<List<SkippedRow>>(json, Json) ?? [] : [];
}
