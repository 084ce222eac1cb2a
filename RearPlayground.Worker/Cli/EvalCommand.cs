using System.CommandLine;
using RearPlayground.Worker.Eval;
using RearPlayground.Worker.Search.Dvts;

namespace RearPlayground.Worker.Cli;

/// <summary>
/// <c>eval</c>: over the older JSON-lines shape (question + preference + checks) it runs several methods and reports pass
/// rates with bootstrap intervals, lengths, scores and times. Over any dataset the datasets page takes (JSONL, CSV, Parquet,
/// with a preset or a mapping) it writes the batch report, as <c>batch</c> and the web do (<see cref="BatchOptions"/>).
/// <c>--report</c> says which; by default a file of the older shape with no batch option gets the pass-rate report.
/// Progress goes to stderr.
/// </summary>
public static class EvalCommand
{
    public static Command Create(CliIo io)
    {
        var batch = new BatchOptions(
            "A dataset: the pass-rate shape (JSON lines {\"question\", \"preference\", \"mustMention\": [words; one must appear, whole word, any case], \"maxWords\": n}; " +
            "at least one check per line) or any .jsonl, .json, .csv, .tsv or .parquet file with --preset or --mapping. " +
            "A relative name not found here is looked up next to the binary (Eval/Data holds the shipped datasets)",
            defaultN: 16, "Base seed: the pass-rate report's item i uses seed + i and seeds the bootstrap; the batch report's items all use it");
        var methods = new Option<string>("--methods")
        {
            Description = "Pass-rate report: comma-separated methods. " + EvalMethods.Help(),
            DefaultValueFactory = _ => EvalMethods.Default,
        };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Pass-rate report: bootstrap resamples for the 95% interval", DefaultValueFactory = _ => 2000 };
        var limit = new Option<int?>("--limit") { Description = "Evaluate only the first K items" };
        var report = new Option<string>("--report")
        {
            Description = "pass-rate | batch | auto: the batch report (accuracy per selector and against N) for a file not of the pass-rate shape or when a batch option (--preset, --mapping, --answer, --method, …) is given",
            DefaultValueFactory = _ => "auto",
        };
        report.AcceptOnlyFromAmong("auto", "pass-rate", "batch");

        var command = new Command("eval", "Evaluate on a dataset: pass rates per method, or the batch report (accuracy per selector and against N), with 95% bootstrap intervals");
        foreach (var o in batch.All.Append(methods).Append(bootstrap).Append(limit).Append(report)) command.Options.Add(o);

        command.SetAction((p, ct) => CliGuard.Run(p, io, async () =>
        {
            var mode = EvalModes.Choose(p, batch, p.GetValue(report)!, Given(p, methods) || Given(p, bootstrap), out var items, out var note);
            if (note is not null) await io.Error.WriteLineAsync(note);
            if (mode == EvalMode.Batch)
            {
                if (Given(p, methods) || Given(p, bootstrap))
                    throw new ArgumentException("--methods and --bootstrap are the pass-rate report's; the batch report takes --method bon|dvts|greedy and reports every selector (--selectors)");
                return await batch.RunAsync(p, io, p.GetValue(limit), ct);
            }
            return await PassRateAsync(p, io, batch, items!, p.GetValue(methods)!, p.GetValue(bootstrap), p.GetValue(limit), ct);
        }));
        return command;
    }

    internal static bool Given(ParseResult p, Option option) => p.GetResult(option) is { Implicit: false };

    private static async Task<int> PassRateAsync(ParseResult p, CliIo io, BatchOptions o, IReadOnlyList<EvalItem> items, string methods,
        int bootstrap, int? limit, CancellationToken ct)
    {
        // Everything that can be checked without the model is, so mistakes fail before the load.
        var settings = new EvalSettings(p.GetValue(o.Model)!, p.GetValue(o.Dataset)!, EvalMethods.Parse(methods),
            p.GetValue(o.N), p.GetValue(o.M), p.GetValue(o.MaxTokens), CommonOptions.Rear(p, o.Lambda, o.Gamma, o.Aggregation),
            p.GetValue(o.StepTokens), p.GetValue(o.MaxSteps), p.GetValue(o.Seed), p.GetValue(o.Separator)!, p.GetValue(o.Stop),
            bootstrap, limit, p.GetValue(o.Guidance));
        settings.Validate();
        using var loaded = CommonOptions.LoadModel(p, o.Model, o.Device, o.Variant);

        // \r redraws only make sense on a real terminal; tests and pipes get plain lines.
        var interactive = ReferenceEquals(io.Error, Console.Error) && !Console.IsErrorRedirected;
        var bar = new ProgressBar(io.Error, interactive);
        var result = await Task.Run(() => EvalRunner.Run(loaded, items, settings, bar.Report, ct), ct);
        bar.Finish(result.Items.Count);

        if (p.GetValue(o.Json)) await io.Out.WriteLineAsync(EvalReport.Serialize(result));
        else await EvalReport.WriteTableAsync(io.Out, result);
        return 0;
    }
}
