using RearPlayground.Data.Datasets;
using RearPlayground.Data.Entities;
using RearPlayground.Worker.Datasets;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Hub;

namespace RearPlayground.Web.Datasets;

/// <summary>How to map an import: a mapping naming columns, else a preset, else the columns named question, preference, …</summary>
public sealed record DatasetChoice(DatasetMapping? Mapping = null, string? Preset = null, char? Delimiter = null);

/// <summary>A file read for the page before it is imported: its columns, the mapping that applies, the first rows as mapped.</summary>
public sealed record DatasetPreview(IReadOnlyList<string> Columns, IReadOnlyDictionary<string, string> Unsupported, DatasetMapping Mapping,
    IReadOnlyList<DatasetItem> Items, IReadOnlyList<SkippedRow> Skipped);

/// <summary>
/// Datasets for the page and the API alike: an upload is streamed to a temp file (counted against
/// <see cref="DatasetOptions.MaxBytes"/>, never held in memory), previewed or imported, then removed; hub pulls go
/// through <see cref="DatasetPuller"/> and each data file is imported. Problems are <see cref="DatasetException"/>s.
/// </summary>
public sealed class DatasetService(IDatasetStore store, DatasetOptions options, HubSettings hub)
{
    public long MaxBytes => options.MaxBytes;

    /// <summary>Copies <paramref name="content"/> into a temp file (the caller deletes it); refuses an empty file or one over the limit.</summary>
    public async Task<string> ReceiveAsync(Stream content, string fileName, CancellationToken ct)
    {
        DatasetFormats.FromName(fileName);
        var path = Path.Combine(Path.GetTempPath(), "rear-upload-" + Guid.NewGuid().ToString("N") + Path.GetExtension(fileName));
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                long total = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    total += read;
                    if (total > options.MaxBytes) throw TooLarge(fileName);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                if (total == 0) throw new DatasetException("file", $"'{fileName}' is empty");
            }
            return path;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public DatasetException TooLarge(string fileName) =>
        new("file", $"'{fileName}' is larger than the limit of {options.MaxBytes:N0} bytes (Rear:Datasets:MaxBytes)");

    public async Task<DatasetPreview> PreviewAsync(string path, string fileName, DatasetChoice choice, int take, CancellationToken ct)
    {
        await using var reader = await DatasetReader.OpenAsync(path, fileName, new DatasetReadOptions(Delimiter: choice.Delimiter), ct);
        var mapping = reader.Resolve(choice.Mapping, choice.Preset);
        var skipped = new SkipLog();
        var items = new List<DatasetItem>();
        await foreach (var item in reader.ItemsAsync(mapping, skipped, ct))
            if (items.Count < take) items.Add(item);
            else break;
        return new DatasetPreview(reader.Columns, reader.Unsupported, mapping, items, skipped.First);
    }

    public Task<DatasetImportResult> ImportAsync(string path, string fileName, string? name, DatasetChoice choice, string user, CancellationToken ct) =>
        DatasetImport.ImportAsync(store, new DatasetImportRequest(path, fileName, NameOr(name, fileName), "upload", fileName, user,
            choice.Mapping, choice.Preset, new DatasetReadOptions(Delimiter: choice.Delimiter)), ct);

    /// <summary>Pulls the repository's data files into the hub cache and imports each (one dataset per file).</summary>
    public async Task<IReadOnlyList<DatasetImportResult>> PullAsync(string repo, string? revision, IReadOnlyList<string>? files, DatasetChoice choice,
        string user, IProgress<PullProgress>? progress, CancellationToken ct)
    {
        using var client = new HubClient(hub) { RepoType = HubRepoType.Dataset };
        var pulled = await new DatasetPuller(client, new HubCache(hub.CacheFolder)).PullAsync(repo, revision, files, progress, ct);
        var results = new List<DatasetImportResult>();
        foreach (var file in pulled.Files)
        {
            var path = pulled.PathOf(file);
            // Snapshot entries are links to blobs: measure the blob.
            if (new FileInfo(File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path).Length > options.MaxBytes) throw TooLarge(file);
            var name = pulled.Files.Count == 1 ? pulled.RepoId : $"{pulled.RepoId}/{file}";
            results.Add(await DatasetImport.ImportAsync(store, new DatasetImportRequest(path, file, name, "hub",
                $"{pulled.RepoId}@{revision ?? "main"}:{file}", user, choice.Mapping, choice.Preset, new DatasetReadOptions(Delimiter: choice.Delimiter)), ct));
        }
        return results;
    }

    public Task<IReadOnlyList<DatasetEntity>> ListAsync(CancellationToken ct) => store.ListAsync(ct);
    public Task<DatasetEntity?> FindAsync(long id, CancellationToken ct) => store.FindAsync(id, ct);
    public Task<IReadOnlyList<DatasetItemEntity>> ItemsAsync(long id, int take, CancellationToken ct) => store.ItemsAsync(id, 0, Math.Clamp(take, 0, 500), ct);
    public Task<DatasetDeleteResult> DeleteAsync(long id, CancellationToken ct) => store.DeleteAsync(id, ct);

    private static string NameOr(string? name, string fileName) => string.IsNullOrWhiteSpace(name) ? Path.GetFileNameWithoutExtension(fileName) : name.Trim();
}
