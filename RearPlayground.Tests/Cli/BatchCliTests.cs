using System.Text.Json;
using RearPlayground.Worker.Batches;
using RearPlayground.Worker.Eval;

namespace RearPlayground.Tests.Cli;

/// <summary>
/// <c>batch</c>: a data file read with the datasets' mappings, every item run in process, and the web batch report
/// (<c>GET /api/batches/{id}/report</c>'s JSON) written; accuracy per selector is the mean over the judged items.
/// </summary>
public sealed class BatchCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rear-batch-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => Support.Cli.Run(args);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task A_math_csv_gives_the_web_report_with_accuracy_from_its_judged_items()
    {
        // Quotes and an embedded newline; stories260K's greedy answer to "Once upon a time" is ", there was a little girl named Lily."
        var csv = Write("math.csv", "unique_id,problem,answer,level\n" +
            "q-lily,Once upon a time,Lily,1\n" +
            "q-tom,\"Tom saw a cat, and\nthen\",Max,2\n" +
            "q-sun,The sun was hot,Lily,3\n");
        var report = Path.Combine(_folder, "report.json");
        var (code, stdout, stderr) = await Run("batch", "--model", "stories260K", "--dataset", csv, "--preset", "math500", "-n", "4",
            "--max-tokens", "20", "--seed", "3", "--include-greedy", "--answer", "regex", "--pattern", @"named (\w+)", "--device", "cpu", "--out", report);
        Assert.True(code == 0, stderr);

        using var doc = JsonDocument.Parse(File.ReadAllText(report));
        var root = doc.RootElement;
        // The web report's JSON: {selectors: [{name, accuracy, low, high, items}], curve: [{selector, points: [{n, accuracy}]}], items, judged, runs, computedAt}.
        Assert.Equal(["selectors", "curve", "items", "judged", "runs", "computedAt"], Names(root));
        Assert.Equal(["name", "accuracy", "low", "high", "items"], Names(root.GetProperty("selectors")[0]));
        Assert.Equal(["selector", "points"], Names(root.GetProperty("curve")[0]));
        Assert.Equal(["n", "accuracy"], Names(root.GetProperty("curve")[0].GetProperty("points")[0]));
        Assert.Equal(["position", "runId", "item", "correct", "picks"], Names(root.GetProperty("items")[0]));
        Assert.NotNull(BatchReport.FromJson(root.GetRawText()));

        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["q-lily", "q-tom", "q-sun"], items.Select(i => i.GetProperty("item").GetString()));
        Assert.Equal([0, 1, 2], items.Select(i => i.GetProperty("position").GetInt32()));
        Assert.Equal(3, root.GetProperty("judged").GetInt32());
        Assert.Equal(3, root.GetProperty("runs").GetInt32());
        // The greedy decode of the first problem names Lily (its answer); the second's reference is Max.
        Assert.True(items[0].GetProperty("correct").GetProperty("greedy").GetBoolean());
        Assert.False(items[1].GetProperty("correct").GetProperty("greedy").GetBoolean());

        var selectors = root.GetProperty("selectors").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(["rear", "likelihood", "preference", "random", "greedy", "majority", "weighted"], selectors.Keys);
        foreach (var (name, row) in selectors)
        {
            var passes = items.Select(i => i.GetProperty("correct").GetProperty(name)).Where(c => c.ValueKind != JsonValueKind.Null)
                .Select(c => c.GetBoolean()).ToList();
            Assert.Equal(passes.Count, row.GetProperty("items").GetInt32());
            Assert.Equal(passes.Count(p => p) / (double)passes.Count, row.GetProperty("accuracy").GetDouble(), 12);
            Assert.InRange(row.GetProperty("accuracy").GetDouble(), row.GetProperty("low").GetDouble(), row.GetProperty("high").GetDouble());
        }
        var rear = root.GetProperty("curve").EnumerateArray().Single(c => c.GetProperty("selector").GetString() == "rear").GetProperty("points");
        Assert.Equal([1, 2, 4], rear.EnumerateArray().Select(p => p.GetProperty("n").GetInt32()));
        Assert.Equal(selectors["rear"].GetProperty("accuracy").GetDouble(), rear[2].GetProperty("accuracy").GetDouble(), 9);

        // Without --json the JSON goes to the file only, and stdout is the table.
        Assert.Contains("3 items judged of 3 runs", stdout);
        Assert.Contains("95% interval", stdout);
        Assert.Matches(@"\ngreedy\s+\d\.\d{3}\s+\[\d\.\d{3}, \d\.\d{3}\]\s+3", stdout);
        Assert.Contains("accuracy against N", stdout);
    }

    [Fact]
    public async Task The_story_set_is_judged_by_its_rule_checks_on_each_selectors_pick()
    {
        var stories = Path.Combine(AppContext.BaseDirectory, "Eval", "Data", "stories-preferences.jsonl");
        var (code, stdout, stderr) = await Run("batch", "--model", "stories260K", "--dataset", stories, "--preset", "stories", "--range", "1:2",
            "-n", "4", "--max-tokens", "16", "--seed", "5", "--lambda", "20", "--selectors", "rear,likelihood,random,majority", "--device", "cpu", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(["rear", "likelihood", "random", "majority"], root.GetProperty("selectors").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(["rear", "likelihood", "random", "majority"], root.GetProperty("curve").EnumerateArray().Select(s => s.GetProperty("selector").GetString()));

        var lines = File.ReadLines(stories).Skip(1).Take(2).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(lines.Select(l => l.GetProperty("id").GetString()), items.Select(i => i.GetProperty("item").GetString()));
        for (var k = 0; k < 2; k++)
        {
            // The same run through `run`: the pool each pick indexes, judged here by the Evaluate flow's rule check.
            var (runCode, runOut, runErr) = await Run("run", "--model", "stories260K", "--question", lines[k].GetProperty("question").GetString()!,
                "--preference", lines[k].GetProperty("preference").GetString()!, "-n", "4", "--max-tokens", "16", "--seed", "5", "--device", "cpu", "--json");
            Assert.True(runCode == 0, runErr);
            using var run = JsonDocument.Parse(runOut);
            var texts = run.RootElement.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("text").GetString()!).ToList();
            var mustMention = lines[k].GetProperty("mustMention").EnumerateArray().Select(w => w.GetString()!).ToList();
            foreach (var name in new[] { "rear", "likelihood", "random" })
            {
                var pick = items[k].GetProperty("picks").GetProperty(name).GetInt32();
                Assert.Equal(EvalChecks.Check(mustMention, null, texts[pick]).Pass, items[k].GetProperty("correct").GetProperty(name).GetBoolean());
            }
            Assert.Equal(run.RootElement.GetProperty("best").GetInt32(), items[k].GetProperty("picks").GetProperty("rear").GetInt32());
        }
    }

    [Fact]
    public async Task A_system_column_reaches_the_contexts_as_run_system_does()
    {
        // The same item with and without its system prompt: a plain model reads it before the rest, so the pools differ.
        var with = Write("with.jsonl", "{\"id\": \"a\", \"question\": \"Once upon a time\", \"system\": \"Tom and his dog went to the beach.\", \"answer\": \"x\"}\n");
        var without = Write("without.jsonl", "{\"id\": \"a\", \"question\": \"Once upon a time\", \"answer\": \"x\"}\n");
        async Task<string> Picks(string file)
        {
            var (code, stdout, stderr) = await Run("batch", "--model", "stories260K", "--dataset", file, "-n", "4", "--max-tokens", "12",
                "--seed", "2", "--include-greedy", "--answer", "text", "--device", "cpu", "--json");
            Assert.True(code == 0, stderr);
            return stdout;
        }
        var (a, b) = (await Picks(with), await Picks(without));
        Assert.Equal(1, JsonDocument.Parse(a).RootElement.GetProperty("judged").GetInt32());
        Assert.NotEqual(JsonDocument.Parse(a).RootElement.GetProperty("items")[0].GetRawText(), JsonDocument.Parse(b).RootElement.GetProperty("items")[0].GetRawText());

        // `run --system`: both contexts start with it (BOS, system prompt, separator).
        var (runCode, runOut, runErr) = await Run("run", "--model", "stories260K", "--method", "greedy", "--question", "Once upon a time",
            "--preference", "Tom was a cat.", "--system", "Tom and his dog went to the beach.", "--max-tokens", "4", "--device", "cpu", "--json");
        Assert.True(runCode == 0, runErr);
        using var run = JsonDocument.Parse(runOut);
        var model = Support.SharedModels.StoriesCpu;
        var contexts = run.RootElement.GetProperty("contexts");
        Assert.Equal([1, .. model.Tokenizer.Encode("Tom and his dog went to the beach.\nOnce upon a time")],
            contexts.GetProperty("without").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([1, .. model.Tokenizer.Encode("Tom and his dog went to the beach.\nTom was a cat.\nOnce upon a time")],
            contexts.GetProperty("with").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Theory]
    [InlineData("--range", "x", "--range 'x': use FROM:COUNT")]
    [InlineData("--range", "2:0", "--range '2:0': use FROM:COUNT")]
    [InlineData("--answer", "regex", "--pattern is required for the regex extractor")]
    [InlineData("--answer", "roman", "--answer 'roman' is unknown: use boxed, number, regex, text")]
    [InlineData("--pattern", "(x)", "--pattern is for --answer regex")]
    [InlineData("--selectors", "rear,best", "--selectors: unknown selector 'best'")]
    [InlineData("--preset", "nope", "unknown preset 'nope'")]
    [InlineData("--mapping", "{\"question\": \"prompt\"}", "mapping.question: the file has no column 'prompt'")]
    [InlineData("--range", "9:1", "the file has no items from 9 on")]
    [InlineData("-n", "0", "n: n must be at least 1")]
    public async Task Bad_options_are_refused_with_a_clear_message(string option, string value, string message)
    {
        var csv = Write("items.csv", "question,answer\nOnce upon a time,Lily\n");
        var (code, _, stderr) = await Run("batch", "--model", "stories260K", "--dataset", csv, option, value, "--device", "cpu");
        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public async Task A_missing_file_and_a_preset_with_a_mapping_are_refused()
    {
        var (code, _, stderr) = await Run("batch", "--model", "stories260K", "--dataset", Path.Combine(_folder, "none.csv"));
        Assert.Equal(2, code);
        Assert.Contains("none.csv: no such file", stderr);
        var csv = Write("items.csv", "question\nOnce upon a time\n");
        (code, _, stderr) = await Run("batch", "--model", "stories260K", "--dataset", csv, "--preset", "stories", "--mapping", "{\"question\":\"question\"}");
        Assert.Equal(2, code);
        Assert.Contains("give --preset or --mapping, not both", stderr);
    }

    private static string[] Names(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name)];
}
