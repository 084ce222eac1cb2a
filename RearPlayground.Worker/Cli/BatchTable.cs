using System.Globalization;
using RearPlayground.Worker.Batches;

namespace RearPlayground.Worker.Cli;

/// <summary>The <c>batch</c> verb's readable report: accuracy per selector with its 95% interval, then accuracy against N.</summary>
public static class BatchTable
{
    public static async Task WriteAsync(TextWriter writer, BatchReport report, int items)
    {
        var c = CultureInfo.InvariantCulture;
        await writer.WriteLineAsync(string.Create(c, $"{report.Judged} items judged of {report.Runs} runs ({items} items read{(items > report.Runs ? $", {items - report.Runs} failed" : "")})"));
        await writer.WriteLineAsync();
        await writer.WriteLineAsync($"{"selector",-12} {"accuracy",8}  {"95% interval",-16} {"items",5}");
        foreach (var s in report.Selectors)
            await writer.WriteLineAsync(string.Create(c, $"{s.Name,-12} {s.Accuracy,8:0.000}  [{s.Low:0.000}, {s.High:0.000}]   {s.Items,5}"));
        if (report.Curve.Count == 0) return;
        var sizes = report.Curve.SelectMany(k => k.Points.Select(p => p.N)).Distinct().Order().ToList();
        await writer.WriteLineAsync();
        await writer.WriteLineAsync("accuracy against N");
        await writer.WriteLineAsync($"{"selector",-12}" + string.Concat(sizes.Select(n => $" {"n=" + n,7}")));
        foreach (var curve in report.Curve)
        {
            var at = curve.Points.ToDictionary(p => p.N, p => p.Accuracy);
            await writer.WriteLineAsync($"{curve.Selector,-12}" + string.Concat(sizes.Select(n =>
                at.TryGetValue(n, out var a) && double.IsFinite(a) ? string.Create(c, $" {a,7:0.000}") : $" {"–",7}")));
        }
    }
}
