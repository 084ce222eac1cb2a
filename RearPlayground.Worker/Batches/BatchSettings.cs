using System.Text.Json;
using RearPlayground.Data.Entities;
using RearPlayground.Worker.Batches.Report;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Worker.Batches;

/// <summary>
/// A batch's stored configuration read back: the run fields every item takes, the answer rule and the report's selectors.
/// One item's run request is the batch's with the item's question, preference and system prompt (the batch's when the
/// item has none).
/// </summary>
public sealed record BatchSettings(RunRequest Request, AnswerRule? Answer, IReadOnlyList<string>? Selectors)
{
    public static BatchSettings Of(BatchEntity batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var request = RunRequest.FromJson(batch.RequestJson) ?? throw new FormatException("the batch has no request");
        var answer = batch.AnswerJson is null ? null : JsonSerializer.Deserialize<AnswerRule>(batch.AnswerJson, JsonSerializerOptions.Web);
        var selectors = batch.SelectorsJson is null ? null : JsonSerializer.Deserialize<string[]>(batch.SelectorsJson);
        return new BatchSettings(request, answer, selectors);
    }

    public static RunRequest ItemRequest(RunRequest request, DatasetItemEntity item)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(item);
        return ItemRequest(request, item.Question, item.Preference, item.System);
    }

    /// <summary>The same, for an item read straight from a data file (the CLI's <c>batch</c>).</summary>
    public static RunRequest ItemRequest(RunRequest request, string question, string? preference, string? system = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Multifaceted-Bench's system message is its preference (the preset maps the column to both): as a system prompt it
        // would sit in the context without the preference too, and ℓ0 would no longer be the model without it.
        var ownSystem = string.IsNullOrWhiteSpace(system) || system.Trim() == preference?.Trim() ? null : system;
        return request with
        {
            Question = question,
            Preference = string.IsNullOrWhiteSpace(preference) ? request.Preference : preference,
            System = ownSystem ?? request.System,
        };
    }

    /// <summary>The key two batches' items are paired on: the dataset's own id, else the dataset and position.</summary>
    public static string ItemKey(DatasetItemEntity item) => item.ExternalId ?? $"{item.DatasetId}#{item.Position}";
}
