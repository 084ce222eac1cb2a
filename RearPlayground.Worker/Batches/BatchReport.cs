using System.Text.Json;
using System.Text.Json.Serialization;
using RearPlayground.Worker.Batches.Report;

namespace RearPlayground.Worker.Batches;

/// <summary>One judged item of a batch report: where it is in the batch, its run, and each selector's outcome.</summary>
public sealed record BatchItemOutcome(int Position, Guid RunId, string Item, IReadOnlyDictionary<string, bool?> Correct, IReadOnlyDictionary<string, int?> Picks)
{
    public ItemResult ToResult() => new(Item, Correct, Picks);
}

/// <summary>
/// A batch's report (JSON <c>{selectors: [{name, accuracy, low, high, items}], curve: [{selector, points: [{n, accuracy}]}],
/// items: [...], judged, runs, computedAt}</c>): stored on the batch when it ends, recomputable from its runs at any time.
/// </summary>
public sealed record BatchReport(IReadOnlyList<SelectorAccuracy> Selectors, IReadOnlyList<SelectorCurve> Curve, IReadOnlyList<BatchItemOutcome> Items,
    int Judged, int Runs, DateTimeOffset ComputedAt)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static BatchReport? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<BatchReport>(json, Json);
}
