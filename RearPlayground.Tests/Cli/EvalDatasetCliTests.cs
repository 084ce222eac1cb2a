using System.Text.Json;
using RearPlayground.Worker.Batches;

namespace RearPlayground.Tests.Cli;

/// <summary>
/// <c>eval</c> over the datasets' files and mappings writes the batch report, the same JSON <c>batch</c> writes for the same
/// options; the older pass-rate shape keeps its report.
/// </summary>
public sealed class EvalDatasetCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rear-eval-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => Support.Cli.Run(args);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static readonly string[] Options = ["--model", "stories260K", "-n", "4", "--max-tokens", "16", "--seed", "3", "--device", "cpu", "--json"];

    [Fact]
    public async Task A_csv_with_a_preset_gives_the_same_report_as_batch()
    {
        var csv = Write("math.csv", "unique_id,problem,answer\nq-lily,Once upon a time,Lily\n\"q-tom\",\"Tom saw a cat, and\nthen\",Max\n");
        string[] common = ["--dataset", csv, "--preset", "math500", "--answer", "regex", "--pattern", @"named (\w+)", .. Options];

        var eval = await Run(["eval", .. common]);
        var batch = await Run(["batch", .. common]);
        Assert.True(eval.Code == 0, eval.Err);
        Assert.True(batch.Code == 0, batch.Err);

        var fromEval = BatchReport.FromJson(eval.Out)!;
        var fromBatch = BatchReport.FromJson(batch.Out)!;
        Assert.Equal(2, fromEval.Runs);
        Assert.Equal(["q-lily", "q-tom"], fromEval.Items.Select(i => i.Item));
        // Same runs, same picks, same figures: only the time it was computed differs.
        Assert.Equal(Strip(fromBatch), Strip(fromEval));
    }

    [Fact]
    public async Task A_file_not_of_the_pass_rate_shape_is_read_as_a_dataset_and_the_limit_applies()
    {
        var jsonl = Write("prefs.jsonl", string.Join('\n',
            """{"question": "Once upon a time", "preference": "The story is about a dog."}""",
            """{"question": "Tom went to the park", "preference": "Mention the sun."}""",
            """{"question": "The cat sat", "preference": "Be brief."}"""));
        var (code, stdout, stderr) = await Run(["eval", "--dataset", jsonl, "--limit", "2", .. Options]);
        Assert.True(code == 0, stderr);
        Assert.Contains("is not of the pass-rate shape", stderr);
        var report = BatchReport.FromJson(stdout)!;
        Assert.Equal(2, report.Runs);
        // No reference answers and no rule checks: nothing to judge, and the report says so rather than inventing a score.
        Assert.Equal(0, report.Judged);
    }

    [Fact]
    public async Task The_pass_rate_options_are_refused_with_a_batch_report()
    {
        var csv = Write("q.csv", "problem,answer\nOnce upon a time,Lily\n");
        var (code, _, stderr) = await Run("eval", "--model", "stories260K", "--dataset", csv, "--preset", "math500", "--methods", "bon-rear");
        Assert.Equal(2, code);
        Assert.Contains("--methods and --bootstrap are the pass-rate report's", stderr);
        // Asked for by name, the pass-rate report reads the file as its own shape and names what is wrong.
        (code, _, stderr) = await Run("eval", "--model", "stories260K", "--dataset", csv, "--report", "pass-rate");
        Assert.Equal(2, code);
        Assert.Contains("q.csv:1", stderr);
    }

    [Fact]
    public async Task The_shipped_story_set_keeps_the_pass_rate_report_unless_asked_for_the_batch_report()
    {
        var (code, stdout, stderr) = await Run("eval", "--model", "stories260K", "--dataset", "stories-preferences.jsonl", "--limit", "1",
            "--methods", "greedy", "--max-tokens", "8", "--device", "cpu", "--json");
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout)) Assert.True(doc.RootElement.TryGetProperty("methods", out _), stdout);

        (code, stdout, stderr) = await Run(["eval", "--dataset", "stories-preferences.jsonl", "--preset", "stories", "--limit", "2", .. Options]);
        Assert.True(code == 0, stderr);
        var report = BatchReport.FromJson(stdout)!;
        // The story set's rule checks (mustMention, maxWords) judge every item's picks.
        Assert.Equal(2, report.Judged);
        Assert.Contains(report.Selectors, s => s.Name == "rear" && s.Items == 2);
    }

    private static string Strip(BatchReport r) => JsonSerializer.Serialize(r with { ComputedAt = default });
}
