using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RearPlayground.Web.Runs;
using RearPlayground.Worker.Batches;

namespace RearPlayground.Web.Batches;

/// <summary>The API's JSON of a batch, its report and its CSV export.</summary>
public static class BatchJson
{
    public static JsonObject Summary(BatchEntityRow row)
    {
        var (b, dataset, p) = row;
        return new JsonObject
        {
            ["id"] = b.Id, ["owner"] = b.Owner, ["datasetId"] = b.DatasetId, ["dataset"] = dataset,
            ["status"] = RunJsonMapper.Status(b.Status), ["items"] = b.Total, ["done"] = p.Done, ["failed"] = p.Failed,
            ["cancelled"] = p.Cancelled, ["createdAt"] = b.CreatedAt, ["finishedAt"] = b.FinishedAt,
            ["request"] = JsonNode.Parse(b.RequestJson),
        };
    }

    public static JsonObject Full(BatchView v)
    {
        var json = Summary(new BatchEntityRow(v.Batch, v.Dataset, v.Progress));
        json["succeeded"] = v.Progress.Succeeded;
        json["pending"] = v.Progress.Pending;
        json["etaSeconds"] = v.EtaSeconds;
        json["startedAt"] = v.Batch.StartedAt;
        json["error"] = v.Batch.Error;
        json["range"] = v.Batch.RangeFrom is null && v.Batch.RangeCount is null ? null
            : new JsonObject { ["from"] = v.Batch.RangeFrom ?? 0, ["count"] = v.Batch.RangeCount };
        json["selectors"] = v.Batch.SelectorsJson is null ? null : JsonNode.Parse(v.Batch.SelectorsJson);
        json["answer"] = v.Batch.AnswerJson is null ? null : JsonNode.Parse(v.Batch.AnswerJson);
        json["runIds"] = new JsonArray([.. v.RunIds.Select(id => (JsonNode)JsonValue.Create(id))]);
        json["itemList"] = new JsonArray([.. v.Items.Select(i => (JsonNode)new JsonObject
        {
            ["position"] = i.Position, ["datasetItemId"] = i.DatasetItemId, ["question"] = i.Question, ["runId"] = i.RunId,
            ["status"] = RunJsonMapper.Status(i.Status), ["error"] = i.Error,
        })]);
        json["report"] = Report(v.Report);
        return json;
    }

    public static JsonNode? Report(BatchReport? report) => report is null ? null : JsonNode.Parse(report.ToJson());

    /// <summary>
    /// <c>kind,selector,n,accuracy,low,high,items</c>: one <c>accuracy</c> row per selector (n empty), then one <c>curve</c>
    /// row per point of accuracy against N (low, high and items empty). Invariant culture.
    /// </summary>
    public static string Csv(BatchReport report)
    {
        var csv = new StringBuilder("kind,selector,n,accuracy,low,high,items\n");
        foreach (var s in report.Selectors)
            csv.Append(CultureInfo.InvariantCulture, $"accuracy,{s.Name},,{s.Accuracy:R},{s.Low:R},{s.High:R},{s.Items}\n");
        foreach (var c in report.Curve)
            foreach (var p in c.Points)
                csv.Append(CultureInfo.InvariantCulture, $"curve,{c.Selector},{p.N},{p.Accuracy:R},,,\n");
        return csv.ToString();
    }

    public static JsonObject Comparison(BatchComparison c) => new()
    {
        ["a"] = c.A.Batch.Id, ["b"] = c.B.Batch.Id,
        ["settings"] = JsonSerializer.SerializeToNode(c.Settings, BatchReport.Json),
        ["selectors"] = JsonSerializer.SerializeToNode(c.Selectors, BatchReport.Json),
    };
}

/// <summary>A listed batch with its dataset's name and progress.</summary>
public sealed record BatchEntityRow(RearPlayground.Data.Entities.BatchEntity Batch, string? Dataset, RearPlayground.Data.Batches.BatchProgress Progress);
