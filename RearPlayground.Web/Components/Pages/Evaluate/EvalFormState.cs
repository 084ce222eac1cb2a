using System.Text;
using RearPlayground.Worker.Eval;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Web.Components.Pages.Evaluate;

/// <summary>
/// The evaluate form's state and checks, without rendering: the options (an <see cref="EvalRequest"/>, checked by
/// the same validation the job applies) and the dataset (uploaded or the shipped one, checked by <see cref="EvalUpload"/>).
/// </summary>
public sealed class EvalFormState(RunLimits limits)
{
    public const string ShippedDataset = "stories-preferences.jsonl";

    public EvalRequest Request { get; } = new();
    public string? DatasetName { get; private set; }
    public string? DatasetText { get; private set; }
    public int DatasetItems { get; private set; }
    public string? DatasetError { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors => Request.Validate(limits);

    /// <summary>The first message for <paramref name="field"/> (camelCase, as in the request's JSON), or null.</summary>
    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? messages[0] : null;

    public bool CanSubmit => DatasetText is not null && DatasetError is null && Errors.Count == 0;

    /// <summary>Reads an uploaded file; the size is checked before reading so a huge file is never pulled over the circuit.</summary>
    public async Task LoadAsync(string fileName, long size, Func<long, Stream> open, CancellationToken ct = default)
    {
        Clear();
        DatasetName = fileName;
        if (EvalUpload.SizeError(size) is { } tooLarge)
        {
            DatasetError = tooLarge;
            return;
        }
        string text;
        try
        {
            await using var stream = open(EvalUpload.MaxBytes);
            using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true));
            text = await reader.ReadToEndAsync(ct);
        }
        catch (DecoderFallbackException)
        {
            DatasetError = "the file is not UTF-8 text";
            return;
        }
        catch (IOException e)
        {
            DatasetError = $"the file could not be read: {e.Message}";
            return;
        }
        Use(fileName, text);
    }

    /// <summary>The story-preference set shipped with the eval verb.</summary>
    public void UseShipped()
    {
        Clear();
        var path = EvalDataset.Resolve(ShippedDataset);
        if (path is null)
        {
            DatasetName = ShippedDataset;
            DatasetError = $"{ShippedDataset} is missing next to the app";
            return;
        }
        Use(ShippedDataset, File.ReadAllText(path));
    }

    private void Use(string fileName, string text)
    {
        var result = EvalUpload.Parse(fileName, text, limits);
        DatasetName = fileName;
        if (!result.Ok)
        {
            DatasetError = result.Error;
            return;
        }
        DatasetText = text;
        DatasetItems = result.Items!.Count;
    }

    private void Clear()
    {
        DatasetName = DatasetText = DatasetError = null;
        DatasetItems = 0;
    }

    /// <summary>Searches the evaluation will run: items (after the limit) × the distinct runs its methods need.</summary>
    public int Searches
    {
        get
        {
            if (DatasetText is null || Request.Methods.Any(m => !EvalMethods.Names.Contains(m)) || Request.Methods.Count == 0) return 0;
            var items = Request.Limit is { } limit and > 0 ? Math.Min(limit, DatasetItems) : DatasetItems;
            return items * EvalMethods.Runs(EvalMethods.Parse(string.Join(",", Request.Methods))).Count;
        }
    }
}
