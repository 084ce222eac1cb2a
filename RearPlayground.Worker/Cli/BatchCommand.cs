using System.CommandLine;
using RearPlayground.Worker.Batches;
using RearPlayground.Worker.Batches.Report;

namespace RearPlayground.Worker.Cli;

/// <summary>
/// <c>batch --dataset FILE</c>: the web's batch, in this process. The file is read with the datasets' readers and mappings
/// (<c>--preset</c> or <c>--mapping</c>), every item of <c>--range</c> runs with one configuration, and the report is the
/// web's (<c>GET /api/batches/{id}/report</c>: the same JSON, computed by the same code, <see cref="LocalBatch"/>) to
/// <c>--out FILE</c> or, with <c>--json</c>, stdout; otherwise a table. Nothing is stored, so the items' runId is empty.
/// <c>eval</c> takes the same options (<see cref="BatchOptions"/>) and writes this report too, unless it reads its older pass-rate shape.
/// </summary>
public static class BatchCommand
{
    public static Command Create(CliIo io)
    {
        var options = new BatchOptions("A .jsonl, .json, .csv, .tsv or .parquet file", defaultN: 8, "Run seed (every item's run uses it, as in a web batch)");
        var command = new Command("batch", "Run a dataset's items with one configuration and report accuracy per selector and against N (the web batch report)");
        foreach (var o in options.All) command.Options.Add(o);
        command.SetAction((p, ct) => CliGuard.Run(p, io, () => options.RunAsync(p, io, limit: null, ct)));
        return command;
    }

    public static (int From, int? Count) ParseRange(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (0, null);
        var parts = text.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var from) || from < 0
            || (parts[1].Length > 0 && (!int.TryParse(parts[1], out var c) || c < 1)))
            throw new ArgumentException($"--range '{text}': use FROM:COUNT (FROM ≥ 0, COUNT ≥ 1; FROM: for every item from FROM on)");
        return (from, parts[1].Length == 0 ? null : int.Parse(parts[1]));
    }

    public static IReadOnlyList<string>? ParseSelectors(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant()).Distinct().ToList();
        if (names.FirstOrDefault(s => !ReportSelectors.Names.Contains(s)) is { } unknown)
            throw new ArgumentException($"--selectors: unknown selector '{unknown}': use {string.Join(", ", ReportSelectors.Names)}");
        return names;
    }
}
