using System.CommandLine;
using System.Text.Json;
using RearPlayground.Worker.Eval;

namespace RearPlayground.Worker.Cli;

/// <summary>Which report <c>eval</c> writes: the older pass-rate report or the batch report.</summary>
public enum EvalMode
{
    PassRate,
    Batch,
}

public static class EvalModes
{
    /// <summary>
    /// <c>pass-rate</c> and <c>batch</c> are taken as said (a file not of the pass-rate shape then fails with its line);
    /// <c>auto</c> is the batch report when a batch-only option is given, or when no pass-rate-only option is and the file's
    /// first line has no pass-rate check (<paramref name="note"/> then says why, for stderr); else the pass-rate report over
    /// <paramref name="items"/>. A missing file goes the pass-rate way, whose error names it.
    /// </summary>
    public static EvalMode Choose(ParseResult p, BatchOptions batch, string report, bool passRateOnly,
        out IReadOnlyList<EvalItem>? items, out string? note)
    {
        items = null;
        note = null;
        if (report == "batch") return EvalMode.Batch;
        var path = p.GetValue(batch.Dataset)!;
        if (report == "pass-rate")
        {
            items = EvalDataset.Load(path);
            return EvalMode.PassRate;
        }
        if (batch.BatchOnly.Any(o => EvalCommand.Given(p, o))) return EvalMode.Batch;
        if (passRateOnly || LooksLikePassRate(path))
        {
            // From here a broken line is an error naming the file and line, not a reason to read the file another way.
            items = EvalDataset.Load(path);
            return EvalMode.PassRate;
        }
        note = $"{path} is not of the pass-rate shape (its first line has no mustMention or maxWords): reading it as a dataset for the batch report";
        return EvalMode.Batch;
    }

    /// <summary>The first non-blank line of a JSON-lines file is an object with a pass-rate check.</summary>
    private static bool LooksLikePassRate(string path)
    {
        var found = EvalDataset.Resolve(path);
        if (found is null || Path.GetExtension(found).ToLowerInvariant() is not (".jsonl" or ".json" or ".ndjson")) return found is null;
        var first = File.ReadLines(found).FirstOrDefault(l => !string.IsNullOrWhiteSpace(l));
        if (first is null) return true;
        try
        {
            using var doc = JsonDocument.Parse(first);
            return doc.RootElement.ValueKind != JsonValueKind.Object
                || doc.RootElement.TryGetProperty("mustMention", out _) || doc.RootElement.TryGetProperty("maxWords", out _);
        }
        catch (JsonException)
        {
            return true; // the pass-rate reader names the line and the problem
        }
    }
}
