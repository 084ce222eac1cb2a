using System.CommandLine;
using System.Text.Json;
using RearPlayground.Worker.Datasets;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Hub;

namespace RearPlayground.Worker.Cli;

/// <summary>
/// <c>datasets pull REPO_ID [--revision R] [--files F …] [--preset P]</c>: a hub dataset's data files into the hub cache
/// (datasets--ORG--NAME; HF_ENDPOINT, HF_TOKEN), resumable, then each read with the mapping to count its items.
/// <c>datasets preview FILE [--preset P | --mapping JSON] [--delimiter C]</c>: the first rows of a file as mapped.
/// Both print JSON; the web import and <c>eval</c> read files through the same readers and mappings.
/// </summary>
public static class DatasetsCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(CliIo io)
    {
        var command = new Command("datasets", "Pull datasets from the Hugging Face hub and preview data files as mapped");
        command.Subcommands.Add(Pull(io));
        command.Subcommands.Add(Preview(io));
        return command;
    }

    private static readonly Option<string?> Preset = new("--preset") { Description = $"A built-in mapping: {string.Join(", ", DatasetPresets.Names)}" };

    private static Command Pull(CliIo io)
    {
        var repo = new Argument<string>("REPO_ID") { Description = "The dataset repository, ORG/NAME (e.g. HuggingFaceH4/MATH-500)" };
        var revision = new Option<string>("--revision") { Description = "Branch, tag or commit", DefaultValueFactory = _ => "main" };
        var files = new Option<string[]>("--files") { Description = "Only these data files (paths, file names or folders)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("pull", "Download a dataset repository's data files (.jsonl, .json, .csv, .tsv, .parquet) into the hub cache");
        command.Arguments.Add(repo);
        command.Options.Add(revision);
        command.Options.Add(files);
        command.Options.Add(Preset);
        command.SetAction((p, ct) => CliGuard.Run(p, io, async () =>
        {
            var settings = HubSettings.FromEnvironment();
            using var client = new HubClient(settings) { RepoType = HubRepoType.Dataset };
            var progress = new InlineProgress<PullProgress>(x =>
            {
                if (x.State != PullState.Downloading || x.FilesDone == x.FilesTotal) io.Error.WriteLine(PullProgressText.Format(x));
            });
            var result = await new DatasetPuller(client, new HubCache(settings.CacheFolder))
                .PullAsync(p.GetValue(repo)!, p.GetValue(revision), p.GetValue(files), progress, ct);
            var counted = new List<object>();
            foreach (var file in result.Files)
            {
                await using var reader = await DatasetReader.OpenAsync(result.PathOf(file), file, new(), ct);
                var skipped = new SkipLog();
                var items = 0;
                await foreach (var _ in reader.ItemsAsync(reader.Resolve(null, p.GetValue(Preset)), skipped, ct)) items++;
                counted.Add(new { file, path = result.PathOf(file), items, skipped = skipped.Count });
            }
            await io.Out.WriteLineAsync(JsonSerializer.Serialize(new { repo = result.RepoId, commit = result.Commit, snapshot = result.Snapshot, files = counted }, Json));
            return 0;
        }));
        return command;
    }

    private static Command Preview(CliIo io)
    {
        var file = new Argument<string>("FILE") { Description = "A .jsonl, .json, .csv, .tsv or .parquet file" };
        var mapping = new Option<string?>("--mapping") { Description = "{\"question\": …, \"preference\": …, \"answer\": …, \"system\": …, \"id\": …} naming columns" };
        var delimiter = new Option<char?>("--delimiter") { Description = "The CSV delimiter (default: detected from the header)" };
        var rows = new Option<int>("--rows") { Description = "How many rows", DefaultValueFactory = _ => 5 };
        var command = new Command("preview", "Print the first rows of a data file as mapped, and the rows skipped with their reasons");
        command.Arguments.Add(file);
        command.Options.Add(Preset);
        command.Options.Add(mapping);
        command.Options.Add(delimiter);
        command.Options.Add(rows);
        command.SetAction((p, ct) => CliGuard.Run(p, io, async () =>
        {
            var path = p.GetValue(file)!;
            await using var reader = await DatasetReader.OpenAsync(path, Path.GetFileName(path), new DatasetReadOptions(Delimiter: p.GetValue(delimiter)), ct);
            var map = reader.Resolve(p.GetValue(mapping) is { } m ? DatasetMapping.Parse(m) : null, p.GetValue(Preset));
            var skipped = new SkipLog();
            var items = new List<DatasetItem>();
            await foreach (var item in reader.ItemsAsync(map, skipped, ct))
                if (items.Count < p.GetValue(rows)) items.Add(item);
            await io.Out.WriteLineAsync(JsonSerializer.Serialize(new { columns = reader.Columns, mapping = map, items, skipped = skipped.First, skippedCount = skipped.Count }, Json));
            return 0;
        }));
        return command;
    }
}
