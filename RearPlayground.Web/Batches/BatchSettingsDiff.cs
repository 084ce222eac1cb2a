using System.Text.Json.Nodes;
using RearPlayground.Data.Entities;

namespace RearPlayground.Web.Batches;

/// <summary>The settings two batches differ in: dataset, range, selectors, answer rule, and each stored run field.</summary>
public static class BatchSettingsDiff
{
    public static IReadOnlyList<SettingDifference> Of(BatchEntity a, BatchEntity b)
    {
        var rows = new List<SettingDifference>();
        void Add(string field, string? x, string? y)
        {
            if (!string.Equals(x, y, StringComparison.Ordinal)) rows.Add(new SettingDifference(field, x, y));
        }
        Add("datasetId", a.DatasetId.ToString(), b.DatasetId.ToString());
        Add("range", Range(a), Range(b));
        Add("selectors", a.SelectorsJson, b.SelectorsJson);
        Add("answer", a.AnswerJson, b.AnswerJson);
        var ra = JsonNode.Parse(a.RequestJson) as JsonObject ?? [];
        var rb = JsonNode.Parse(b.RequestJson) as JsonObject ?? [];
        foreach (var key in ra.Select(p => p.Key).Union(rb.Select(p => p.Key)).Order(StringComparer.Ordinal))
            Add($"request.{key}", ra[key]?.ToJsonString(), rb[key]?.ToJsonString());
        return rows;
    }

    private static string Range(BatchEntity batch) =>
        batch.RangeFrom is null && batch.RangeCount is null ? "all" : $"{batch.RangeFrom ?? 0}+{batch.RangeCount?.ToString() ?? "rest"}";
}
