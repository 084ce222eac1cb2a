using RearPlayground.Web.Datasets;
using RearPlayground.Worker.Datasets;

namespace RearPlayground.Web.Components.Pages.Datasets;

/// <summary>
/// An uploaded file before it is imported: kept in a temp file, its columns detected, a mapping chosen (a preset, or
/// columns picked from the header), the first rows shown as mapped. Every change re-reads the preview; a problem is
/// shown as <see cref="Error"/>, never thrown.
/// </summary>
public sealed class DatasetDraft(DatasetService datasets) : IAsyncDisposable
{
    public const int PreviewRows = 20;
    /// <summary>The mapping choice meaning "pick the columns".</summary>
    public const string ByColumns = "columns";

    private string? _path;

    public string? FileName { get; private set; }
    public string Name { get; set; } = "";
    public IReadOnlyList<string> Columns { get; private set; } = [];
    /// <summary><see cref="ByColumns"/> or a preset name.</summary>
    public string Choice { get; set; } = ByColumns;
    public string? Question { get; set; }
    public string? Preference { get; set; }
    public string? Answer { get; set; }
    public string? System { get; set; }
    public string? Id { get; set; }
    public string Delimiter { get; set; } = "";
    public DatasetPreview? Preview { get; private set; }
    public string? Error { get; private set; }
    public bool Loaded => _path is not null;
    public bool CanImport => Loaded && Error is null && Preview is { Items.Count: > 0 };

    /// <summary>Stores the upload, then picks the question, preference, … columns where the header has those names.</summary>
    public async Task LoadAsync(Stream content, string fileName, CancellationToken ct)
    {
        await DisposeAsync();
        FileName = fileName;
        Name = Path.GetFileNameWithoutExtension(fileName);
        Preview = null;
        Columns = [];
        try
        {
            _path = await datasets.ReceiveAsync(content, fileName, ct);
        }
        catch (Exception e) when (e is DatasetException or IOException)
        {
            Error = e.Message;
            return;
        }
        Choice = ByColumns;
        Question = Preference = Answer = System = Id = null;
        await RefreshAsync(ct);
        if (Error is not null && Columns.Count == 0) return;
        string? Named(string c) => Columns.FirstOrDefault(x => string.Equals(x, c, StringComparison.OrdinalIgnoreCase));
        (Question, Preference, Answer, System, Id) = (Named("question") ?? Named("prompt") ?? Named("problem"), Named("preference"), Named("answer"), Named("system"), Named("id"));
        await RefreshAsync(ct);
    }

    public DatasetChoice ToChoice() => new(
        Choice == ByColumns && !string.IsNullOrEmpty(Question) ? new DatasetMapping(Question, Nil(Preference), Nil(Answer), Nil(System), Nil(Id)) : null,
        Choice == ByColumns ? null : Choice,
        Delimiter switch { "" => null, "\\t" => '\t', _ => Delimiter[0] });

    /// <summary>Re-reads the first rows under the current choice.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        if (_path is null || FileName is null) return;
        Error = null;
        try
        {
            if (Choice == ByColumns && string.IsNullOrEmpty(Question) && Columns.Count > 0) throw new DatasetException("mapping", "pick the question column");
            Preview = await datasets.PreviewAsync(_path, FileName, ToChoice(), PreviewRows, ct);
            Columns = Preview.Columns;
        }
        catch (DatasetException e)
        {
            Preview = null;
            Error = e.Message;
            if (Columns.Count == 0) Columns = await ColumnsAsync(ct);
        }
    }

    /// <summary>Imports the whole file under the current choice; the draft is cleared when it succeeds.</summary>
    public async Task<DatasetImportResult?> ImportAsync(string user, CancellationToken ct)
    {
        if (_path is null || FileName is null) return null;
        try
        {
            var result = await datasets.ImportAsync(_path, FileName, Name, ToChoice(), user, ct);
            await DisposeAsync();
            FileName = null;
            Preview = null;
            return result;
        }
        catch (DatasetException e)
        {
            Error = e.Message;
            return null;
        }
    }

    // The header alone, for a mapping that failed before the columns were known.
    private async Task<IReadOnlyList<string>> ColumnsAsync(CancellationToken ct)
    {
        try
        {
            await using var reader = await DatasetReader.OpenAsync(_path!, FileName!, new DatasetReadOptions(Delimiter: ToChoice().Delimiter), ct);
            return reader.Columns;
        }
        catch (DatasetException)
        {
            return [];
        }
    }

    private static string? Nil(string? s) => string.IsNullOrEmpty(s) ? null : s;

    public ValueTask DisposeAsync()
    {
        if (_path is not null) File.Delete(_path);
        _path = null;
        return ValueTask.CompletedTask;
    }
}
