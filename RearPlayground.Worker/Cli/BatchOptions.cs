using System.CommandLine;
using RearPlayground.Worker.Batches;
using RearPlayground.Worker.Batches.Report;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Datasets;
using RearPlayground.Worker.Eval;
using RearPlayground.Worker.Rear;

namespace RearPlayground.Worker.Cli;

/// <summary>
/// The options of a dataset batch and what runs it (<see cref="RunAsync"/>): the <c>batch</c> verb has them all, and
/// <c>eval</c> has them too, so both take the same datasets and mappings and write the web's batch report.
/// The options shared with <c>eval</c>'s pass-rate report (model, dataset, N, …) are the same instances there.
/// </summary>
public sealed class BatchOptions
{
    public Option<string> Model { get; } = CommonOptions.Model();
    public Option<string> Dataset { get; }
    public Option<string?> Preset { get; } = new("--preset") { Description = $"A built-in mapping: {string.Join(", ", DatasetPresets.Names)}" };
    public Option<string?> Mapping { get; } = new("--mapping") { Description = "{\"question\": …, \"preference\": …, \"answer\": …, \"system\": …, \"id\": …} naming columns" };
    public Option<char?> Delimiter { get; } = new("--delimiter") { Description = "The CSV delimiter (default: detected from the header)" };
    public Option<string?> Range { get; } = new("--range") { Description = "FROM:COUNT (0-based; FROM: for every item from FROM on); default: every item" };
    public Option<string> Method { get; } = new("--method") { Description = "bon | dvts | greedy | guided", DefaultValueFactory = _ => "bon" };
    public Option<int> N { get; }
    public Option<int> M { get; } = new("-m", "--m") { Description = "DVTS beam width M (must divide N)", DefaultValueFactory = _ => 4 };
    public Option<int> MaxTokens { get; } = new("--max-tokens") { Description = "Max new tokens per candidate", DefaultValueFactory = _ => 64 };
    public Option<double> Temperature { get; } = new("--temperature") { Description = "Sampling temperature", DefaultValueFactory = _ => 1 };
    public Option<long> Seed { get; }
    public Option<double> Lambda { get; } = CommonOptions.Lambda();
    public Option<double?> Guidance { get; } = CommonOptions.Guidance();
    public Option<double> Gamma { get; } = CommonOptions.Gamma();
    public Option<string> Aggregation { get; } = CommonOptions.Aggregation();
    public Option<bool> ScoreEos { get; } = new("--score-eos") { Description = "Score the final EOS token when a candidate ends with it", DefaultValueFactory = _ => true, Arity = ArgumentArity.ExactlyOne };
    public Option<string?> Profile { get; } = ProfileOption.Profile();
    public Option<string?> Database { get; } = ProfileOption.Database();
    public Option<bool> IncludeGreedy { get; } = new("--include-greedy") { Description = "Also decode each item greedily once: the report's greedy selector" };
    public Option<int?> StepTokens { get; } = new("--step-tokens") { Description = "DVTS: end a step after this many tokens (default: the model's rule)" };
    public Option<string?> Stop { get; } = new("--stop") { Description = "DVTS step stop string" };
    public Option<int> MaxSteps { get; } = new("--max-steps") { Description = "DVTS iterations", DefaultValueFactory = _ => 40 };
    public Option<string> Separator { get; } = CommonOptions.Separator();
    public Option<string?> System { get; } = new("--system") { Description = "A system prompt for the items whose mapping gives none (chat models: the system message, the preference after it; plain models: text before the prompt)" };
    public Option<string?> Answer { get; } = new("--answer") { Description = $"How answers are read for items with a reference answer: {string.Join(" | ", AnswerRule.Extractors)} (default: text); items without one keep their rule checks" };
    public Option<string?> Pattern { get; } = new("--pattern") { Description = "The regex extractor's pattern, with exactly one capture group" };
    public Option<string?> Selectors { get; } = new("--selectors") { Description = $"Comma-separated selectors to report (default: all of {string.Join(", ", ReportSelectors.Names)})" };
    public Option<string?> Output { get; } = new("--out") { Description = "Write the report JSON (as GET /api/batches/{id}/report answers it) to this file" };
    public Option<bool> Json { get; } = new("--json") { Description = "Print the report JSON on stdout instead of the table" };
    public Option<string> Device { get; } = CommonOptions.Device();
    public Option<string?> Variant { get; } = CommonOptions.Variant();

    public BatchOptions(string datasetDescription, int defaultN, string seedDescription)
    {
        Dataset = new("--dataset") { Description = datasetDescription, Required = true };
        N = new("-n", "--n") { Description = "Number of candidates N", DefaultValueFactory = _ => defaultN };
        Seed = new("--seed") { Description = seedDescription, DefaultValueFactory = _ => 0 };
    }

    public IEnumerable<Option> All => [Model, Dataset, Preset, Mapping, Delimiter, Range, Method, N, M, MaxTokens, Temperature, Seed, Lambda, Guidance, Gamma,
        Aggregation, ScoreEos, Profile, Database, IncludeGreedy, StepTokens, Stop, MaxSteps, Separator, System, Answer, Pattern, Selectors, Output,
        Json, Device, Variant];

    /// <summary>The options only a batch report has: <c>eval</c> given any of them writes the batch report.</summary>
    public IEnumerable<Option> BatchOnly => [Preset, Mapping, Delimiter, Range, Method, Temperature, ScoreEos, Profile, Database, IncludeGreedy,
        System, Answer, Pattern, Selectors, Output];

    /// <summary>Reads the file, runs every item of the range (or the first <paramref name="limit"/>), and writes the report.</summary>
    public async Task<int> RunAsync(ParseResult p, CliIo io, int? limit, CancellationToken ct)
    {
        // Everything that can be checked without the model is, so mistakes fail before the load.
        var (from, count) = BatchCommand.ParseRange(p.GetValue(Range));
        if (limit is { } l)
        {
            if (l < 1) throw new ArgumentException("--limit must be at least 1");
            count = Math.Min(count ?? l, l);
        }
        var rule = p.GetValue(Answer) is { } extractor ? new AnswerRule(extractor.Trim().ToLowerInvariant(), p.GetValue(Pattern)) : null;
        if (rule is null && p.GetValue(Pattern) is not null) throw new ArgumentException("--pattern is for --answer regex");
        if (rule?.Error() is { } ruleError) throw new ArgumentException(ruleError.Replace("answer.extractor", "--answer").Replace("answer.pattern", "--pattern"));
        var names = BatchCommand.ParseSelectors(p.GetValue(Selectors));
        var rear = await ProfileOption.ResolveAsync(p, Profile, Database, Lambda, Gamma, Aggregation, ScoreEos, ct);
        var request = new RunRequest
        {
            Model = p.GetValue(Model), Method = p.GetValue(Method), N = p.GetValue(N), M = p.GetValue(M), MaxTokens = p.GetValue(MaxTokens),
            Temperature = p.GetValue(Temperature), Seed = p.GetValue(Seed), Lambda = rear.Lambda, Guidance = p.GetValue(Guidance), Gamma = rear.Gamma, Agg = rear.Aggregation.Name(),
            ScoreEos = rear.ScoreEos, Profile = p.GetValue(Profile) is { } name ? Path.GetFileNameWithoutExtension(name.Trim()) : null,
            IncludeGreedy = p.GetValue(IncludeGreedy), StepTokens = p.GetValue(StepTokens), Stop = p.GetValue(Stop), MaxSteps = p.GetValue(MaxSteps),
            Separator = p.GetValue(Separator)!, System = p.GetValue(System), Device = p.GetValue(Device), Variant = p.GetValue(Variant),
        };

        var path = p.GetValue(Dataset)!;
        path = EvalDataset.Resolve(path) ?? throw new ArgumentException($"--dataset {path}: no such file");
        var items = await ReadItemsAsync(io, path, p.GetValue(Mapping), p.GetValue(Preset), p.GetValue(Delimiter), from, count, ct);
        if (items.Count == 0) throw new ArgumentException(from > 0 ? $"--range {from}:…: the file has no items from {from} on" : $"{path} has no items");
        if ((request with { Question = items[0].Question }).Validate(CliLimits) is { Count: > 0 } errors)
            throw new ArgumentException(string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}")));

        using var loaded = CommonOptions.LoadModel(p, Model, Device, Variant);
        var report = await Task.Run(() => LocalBatch.Run(loaded, items, request with { Question = null }, rule, names,
            (done, total) => io.Error.WriteLine($"item {done}/{total}"),
            (item, e) => io.Error.WriteLine($"item {LocalBatch.ItemKey(item)} failed: {e.Message.Split('\n')[0]}"), ct: ct), ct);

        if (p.GetValue(Output) is { } file) await File.WriteAllTextAsync(file, report.ToJson(), ct);
        if (p.GetValue(Json)) await io.Out.WriteLineAsync(report.ToJson());
        else await BatchTable.WriteAsync(io.Out, report, items.Count);
        return 0;
    }

    // The CLI runs on the user's own machine: the shared server's limits on one run do not apply (as for `run`).
    private static readonly RunLimits CliLimits = new() { MaxN = 1 << 16, MaxM = 1 << 16, MaxTokens = 1 << 20, MaxTextLength = 1 << 24 };

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
