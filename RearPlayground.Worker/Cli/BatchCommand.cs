using System.CommandLine;
using RearPlayground.Worker.Batches;
using RearPlayground.Worker.Batches.Report;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Datasets;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Worker.Cli;

/// <summary>
/// <c>batch --dataset FILE</c>: the web's batch, in this process. The file is read with the datasets' readers and mappings
/// (<c>--preset</c> or <c>--mapping</c>), every item of <c>--range</c> runs with one configuration, and the report is the
/// web's (<c>GET /api/batches/{id}/report</c>: the same JSON, computed by the same code, <see cref="LocalBatch"/>) to
/// <c>--out FILE</c> or, with <c>--json</c>, stdout; otherwise a table. Nothing is stored, so the items' runId is empty.
/// <c>eval</c> stays the older pass-rate report over its own JSONL shape.
/// </summary>
public static class BatchCommand
{
    public static Command Create(CliIo io)
    {
        var model = CommonOptions.Model();
        var dataset = new Option<string>("--dataset") { Description = "A .jsonl, .json, .csv, .tsv or .parquet file", Required = true };
        var preset = new Option<string?>("--preset") { Description = $"A built-in mapping: {string.Join(", ", DatasetPresets.Names)}" };
        var mapping = new Option<string?>("--mapping") { Description = "{\"question\": …, \"preference\": …, \"answer\": …, \"system\": …, \"id\": …} naming columns" };
        var delimiter = new Option<char?>("--delimiter") { Description = "The CSV delimiter (default: detected from the header)" };
        var range = new Option<string?>("--range") { Description = "FROM:COUNT (0-based; FROM: for every item from FROM on); default: every item" };
        var method = new Option<string>("--method") { Description = "bon | dvts | greedy", DefaultValueFactory = _ => "bon" };
        var n = new Option<int>("-n", "--n") { Description = "Number of candidates N", DefaultValueFactory = _ => 8 };
        var m = new Option<int>("-m", "--m") { Description = "DVTS beam width M (must divide N)", DefaultValueFactory = _ => 4 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Max new tokens per candidate", DefaultValueFactory = _ => 64 };
        var temperature = new Option<double>("--temperature") { Description = "Sampling temperature", DefaultValueFactory = _ => 1 };
        var seed = new Option<long>("--seed") { Description = "Run seed (every item's run uses it, as in a web batch)", DefaultValueFactory = _ => 0 };
        var lambda = CommonOptions.Lambda();
        var gamma = CommonOptions.Gamma();
        var agg = CommonOptions.Aggregation();
        var scoreEos = new Option<bool>("--score-eos") { Description = "Score the final EOS token when a candidate ends with it", DefaultValueFactory = _ => true, Arity = ArgumentArity.ExactlyOne };
        var profile = ProfileOption.Profile();
        var database = ProfileOption.Database();
        var includeGreedy = new Option<bool>("--include-greedy") { Description = "Also decode each item greedily once: the report's greedy selector" };
        var stepTokens = new Option<int?>("--step-tokens") { Description = "DVTS: end a step after this many tokens (default: the model's rule)" };
        var stop = new Option<string?>("--stop") { Description = "DVTS step stop string" };
        var maxSteps = new Option<int>("--max-steps") { Description = "DVTS iterations", DefaultValueFactory = _ => 40 };
        var separator = CommonOptions.Separator();
        var system = new Option<string?>("--system") { Description = "A system prompt for the items whose mapping gives none (chat models: the system message, the preference after it; plain models: text before the prompt)" };
        var answer = new Option<string?>("--answer") { Description = $"How answers are read for items with a reference answer: {string.Join(" | ", AnswerRule.Extractors)} (default: text); items without one keep their rule checks" };
        var pattern = new Option<string?>("--pattern") { Description = "The regex extractor's pattern, with exactly one capture group" };
        var selectors = new Option<string?>("--selectors") { Description = $"Comma-separated selectors to report (default: all of {string.Join(", ", ReportSelectors.Names)})" };
        var output = new Option<string?>("--out") { Description = "Write the report JSON (as GET /api/batches/{id}/report answers it) to this file" };
        var json = new Option<bool>("--json") { Description = "Print the report JSON on stdout instead of the table" };
        var device = CommonOptions.Device();
        var variant = CommonOptions.Variant();

        var command = new Command("batch", "Run a dataset's items with one configuration and report accuracy per selector and against N (the web batch report)");
        foreach (var o in new Option[] { model, dataset, preset, mapping, delimiter, range, method, n, m, maxTokens, temperature, seed, lambda, gamma, agg,
                     scoreEos, profile, database, includeGreedy, stepTokens, stop, maxSteps, separator, system, answer, pattern, selectors, output, json, device, variant })
            command.Options.Add(o);

        command.SetAction((p, ct) => CliGuard.Run(p, io, async () =>
        {
            // Everything that can be checked without the model is, so mistakes fail before the load.
            var (from, count) = ParseRange(p.GetValue(range));
            var rule = p.GetValue(answer) is { } extractor ? new AnswerRule(extractor.Trim().ToLowerInvariant(), p.GetValue(pattern)) : null;
            if (rule is null && p.GetValue(pattern) is not null) throw new ArgumentException("--pattern is for --answer regex");
            if (rule?.Error() is { } ruleError) throw new ArgumentException(ruleError.Replace("answer.extractor", "--answer").Replace("answer.pattern", "--pattern"));
            var names = ParseSelectors(p.GetValue(selectors));
            var rear = await ProfileOption.ResolveAsync(p, profile, database, lambda, gamma, agg, scoreEos, ct);
            var request = new RunRequest
            {
                Model = p.GetValue(model), Method = p.GetValue(method), N = p.GetValue(n), M = p.GetValue(m), MaxTokens = p.GetValue(maxTokens),
                Temperature = p.GetValue(temperature), Seed = p.GetValue(seed), Lambda = rear.Lambda, Gamma = rear.Gamma, Agg = rear.Aggregation.Name(),
                ScoreEos = rear.ScoreEos, Profile = p.GetValue(profile) is { } name ? Path.GetFileNameWithoutExtension(name.Trim()) : null,
                IncludeGreedy = p.GetValue(includeGreedy), StepTokens = p.GetValue(stepTokens), Stop = p.GetValue(stop), MaxSteps = p.GetValue(maxSteps),
                Separator = p.GetValue(separator)!, System = p.GetValue(system), Device = p.GetValue(device), Variant = p.GetValue(variant),
            };

            var path = p.GetValue(dataset)!;
            if (!File.Exists(path)) throw new ArgumentException($"--dataset {path}: no such file");
            var items = await ReadItemsAsync(io, path, p.GetValue(mapping), p.GetValue(preset), p.GetValue(delimiter), from, count, ct);
            if (items.Count == 0) throw new ArgumentException(from > 0 ? $"--range {from}:…: the file has no items from {from} on" : $"{path} has no items");
            if ((request with { Question = items[0].Question }).Validate(CliLimits) is { Count: > 0 } errors)
                throw new ArgumentException(string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}")));

            using var loaded = CommonOptions.LoadModel(p, model, device, variant);
            var report = await Task.Run(() => LocalBatch.Run(loaded, items, request with { Question = null }, rule, names,
                (done, total) => io.Error.WriteLine($"item {done}/{total}"),
                (item, e) => io.Error.WriteLine($"item {LocalBatch.ItemKey(item)} failed: {e.Message.Split('\n')[0]}"), ct: ct), ct);

            if (p.GetValue(output) is { } file) await File.WriteAllTextAsync(file, report.ToJson(), ct);
            if (p.GetValue(json)) await io.Out.WriteLineAsync(report.ToJson());
            else await BatchTable.WriteAsync(io.Out, report, items.Count);
            return 0;
        }));
        return command;
    }

    // The CLI runs on the user's own machine: the shared server's limits on one run do not apply (as for `run`).
    private static readonly RunLimits CliLimits = new() { MaxN = 1 << 16, MaxM = 1 << 16, MaxTokens = 1 << 20, MaxTextLength = 1 << 24 };

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

    private static async Task<IReadOnlyList<DatasetItem>> ReadItemsAsync(CliIo io, string path, string? mapping, string? preset, char? delimiter,
        int from, int? count, CancellationToken ct)
    {
        if (mapping is not null && preset is not null) throw new ArgumentException("give --preset or --mapping, not both");
        await using var reader = await DatasetReader.OpenAsync(path, Path.GetFileName(path), new DatasetReadOptions(Delimiter: delimiter), ct);
        var map = reader.Resolve(mapping is null ? null : DatasetMapping.Parse(mapping), preset);
        var skipped = new SkipLog();
        var items = new List<DatasetItem>();
        await foreach (var item in reader.ItemsAsync(map, skipped, ct))
        {
            if (item.Position < from) continue;
            if (count is { } c && items.Count >= c) break;
            items.Add(item);
        }
        if (skipped.Count > 0)
            await io.Error.WriteLineAsync($"{skipped.Count} rows skipped: " + string.Join("; ", skipped.First.Take(3).Select(s => $"row {s.Row}: {s.Reason}")));
        return items;
    }
}
