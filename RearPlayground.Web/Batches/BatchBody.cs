using System.Text.Json.Serialization;
using RearPlayground.Worker.Batches.Report;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Web.Batches;

/// <summary>
/// POST /api/batches: a dataset (all items, or <c>range: {from, count}</c> by position) × one run configuration
/// (<c>request</c>: the run fields of POST /api/runs; each item supplies its question and, where it has one, its
/// preference), the report's <c>selectors</c> (default all) and the <c>answer</c> rule for items with reference answers.
/// </summary>
public sealed record BatchBody(
    [property: JsonPropertyName("datasetId")] long? DatasetId,
    [property: JsonPropertyName("range")] BatchRange? Range,
    [property: JsonPropertyName("request")] RunRequest? Request,
    [property: JsonPropertyName("selectors")] string[]? Selectors,
    [property: JsonPropertyName("answer")] AnswerRule? Answer);

/// <summary>Items at positions [from, from + count) of the dataset (0-based).</summary>
public sealed record BatchRange([property: JsonPropertyName("from")] int From, [property: JsonPropertyName("count")] int Count);
