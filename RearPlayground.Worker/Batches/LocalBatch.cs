using RearPlayground.Worker.Batches.Report;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Datasets;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Selection;

namespace RearPlayground.Worker.Batches;

/// <summary>
/// The CLI's batch: a data file's items run one after another in this process (<see cref="SearchRunner"/>), each item's
/// request built as a stored batch builds it (<see cref="BatchSettings.ItemRequest(RunRequest, string, string?, string?)"/>), its pool
/// taken as its stored rows would give it (<see cref="SelectorPool.From(SearchResult)"/>) and judged and reported by the
/// web report's own code (<see cref="BatchReporter.Judge"/>, <see cref="BatchReporter.Assemble"/>). Nothing is stored: the
/// items' <c>runId</c> is empty. As in a stored batch, an item that fails is reported and the batch goes on.
/// </summary>
public static class LocalBatch
{
    /// <param name="request">The run fields every item takes (validated by the caller); the question comes from each item.</param>
    /// <param name="progress">(items done, items) after each item.</param>
    /// <param name="failed">An item whose run threw (not a cancellation): it is left out of the report.</param>
    public static BatchReport Run(LanguageModel model, IReadOnlyList<DatasetItem> items, RunRequest request, AnswerRule? answer,
        IReadOnlyList<string>? selectors, Action<int, int>? progress = null, Action<DatasetItem, Exception>? failed = null,
        TimeProvider? time = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(request);
        var judge = new ItemJudge(answer);
        var judged = new List<JudgedItem>();
        var succeeded = 0;
        for (var position = 0; position < items.Count; position++)
        {
            ct.ThrowIfCancellationRequested();
            var item = items[position];
            var itemRequest = BatchSettings.ItemRequest(request, item.Question, item.Preference, item.System);
            SearchResult result;
            try
            {
                result = SearchRunner.Run(model, itemRequest.ToSearchRequest(), cancellationToken: ct);
            }
            catch (Exception e) when (e is not OperationCanceledException && failed is not null)
            {
                failed(item, e);
                progress?.Invoke(position + 1, items.Count);
                continue;
            }
            succeeded++;
            if (BatchReporter.Judge(SelectorPool.From(result), result.Greedy?.Text, itemRequest, item.Answer, item.MetadataJson, judge) is { } pool)
                judged.Add(new JudgedItem(position, Guid.Empty, ItemKey(item), pool));
            progress?.Invoke(position + 1, items.Count);
        }
        return BatchReporter.Assemble(judged, succeeded, selectors, (time ?? TimeProvider.System).GetUtcNow());
    }

    /// <summary>The file's own id, else the item's position among the file's items (as a stored batch keys on the dataset and position).</summary>
    public static string ItemKey(DatasetItem item) => item.Id ?? $"#{item.Position}";
}
