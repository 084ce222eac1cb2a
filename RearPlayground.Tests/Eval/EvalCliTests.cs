using System.Text.Json;
using RearPlayground.Worker.Cli;
using RearPlayground.Worker.Eval;

namespace RearPlayground.Tests.Eval;

/// <summary><c>eval</c> end to end on stories260K through the CLI entry point, small enough to take seconds.</summary>
public class EvalCliTests : IDisposable
{
    private static readonly string[] AllMethods = [.. EvalMethods.Names];
    private readonly string _dir = Directory.CreateTempSubdirectory("rear-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Dataset(params string[] lines)
    {
        var path = Path.Combine(_dir, "items.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private string ThreeItems() => Dataset(
        """{"question":"Once upon a time","preference":"Tom was a cat who loved to eat fish.","mustMention":["fish","cat","Tom"]}""",
        """{"question":"One day","preference":"It was a rainy day and Sue had a red umbrella.","mustMention":["rain","umbrella"],"maxWords":40}""",
        "",
        """{"question":"Once upon a time","preference":"The dog was big.","maxWords":12}""");

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string[] Small(string dataset, params string[] extra) =>
        ["eval", "--model", "stories260K", "--dataset", dataset, "-n", "4", "-m", "2", "--max-tokens", "24", "--step-tokens", "8",
         "--device", "cpu", "--bootstrap", "200", "--seed", "3", .. extra];

    [Fact]
    public async Task Json_reports_every_method_with_per_item_answers()
    {
        var (code, stdout, stderr) = await Run(Small(ThreeItems(), "--methods", string.Join(",", AllMethods), "--json"));
        Assert.True(code == 0, stderr);
        Assert.Contains("item 1/3", stderr); // progress goes to stderr, stdout is only the JSON
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("stories260K", root.GetProperty("model").GetString());
        Assert.Equal(4, root.GetProperty("settings").GetProperty("n").GetInt32());
        Assert.Equal(AllMethods, root.GetProperty("settings").GetProperty("methods").EnumerateArray().Select(m => m.GetString()));

        var methods = root.GetProperty("methods");
        Assert.Equal(AllMethods, methods.EnumerateObject().Select(p => p.Name));
        var items = root.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(3, items.Length);
        Assert.Equal([1, 2, 4], items.Select(i => i.GetProperty("line").GetInt32()));
        foreach (var name in AllMethods)
        {
            var m = methods.GetProperty(name);
            var answers = items.Select(i => i.GetProperty("answers").GetProperty(name)).ToArray();
            Assert.Equal(3, m.GetProperty("items").GetInt32());
            var passed = answers.Count(a => a.GetProperty("pass").GetBoolean());
            Assert.Equal(passed, m.GetProperty("passed").GetInt32());
            var rate = m.GetProperty("passRate").GetDouble();
            Assert.Equal(passed / 3.0, rate, 9);
            var ci = m.GetProperty("ci");
            Assert.True(ci.GetProperty("lo").GetDouble() <= rate && rate <= ci.GetProperty("hi").GetDouble(), name);
            Assert.InRange(m.GetProperty("meanTokens").GetDouble(), 1, 24);
            Assert.Equal(answers.Average(a => a.GetProperty("score").GetDouble()), m.GetProperty("meanScore").GetDouble(), 9);
            Assert.Equal(answers.Average(a => a.GetProperty("words").GetInt32()), m.GetProperty("meanWords").GetDouble(), 9);
            Assert.True(m.GetProperty("totalMs").GetDouble() > 0);
            Assert.Equal(name.Contains("genrm") ? "genrm" : "rear", m.GetProperty("scorer").GetString());
            for (var i = 0; i < 3; i++)
            {
                // The reported pass is the checks applied to the reported text.
                var item = new EvalItem(0, "q", "p",
                    items[i].GetProperty("mustMention").ValueKind == JsonValueKind.Array
                        ? items[i].GetProperty("mustMention").EnumerateArray().Select(w => w.GetString()!).ToArray() : null,
                    items[i].GetProperty("maxWords").ValueKind == JsonValueKind.Number ? items[i].GetProperty("maxWords").GetInt32() : null);
                Assert.Equal(EvalChecks.Check(item, answers[i].GetProperty("text").GetString()!).Pass, answers[i].GetProperty("pass").GetBoolean());
            }
        }

        foreach (var item in items)
        {
            var a = item.GetProperty("answers");
            double Rear(string method) => a.GetProperty(method).GetProperty("rearScore").GetDouble();
            // bon-rear picks the highest S_REAR among the candidates its baselines pick from, and bon-genrm samples
            // the same candidates (same seed), so its pick can only score as high.
            foreach (var other in new[] { "bon-l0", "bon-l1", "bon-random", "bon-genrm" })
                Assert.True(Rear("bon-rear") >= Rear(other) - 1e-9, $"{other}: {Rear(other)} > {Rear("bon-rear")}");
            Assert.Equal(a.GetProperty("bon-rear").GetProperty("ms").GetDouble(), a.GetProperty("bon-l1").GetProperty("ms").GetDouble());
            Assert.Equal(0, a.GetProperty("greedy").GetProperty("candidate").GetInt32());
            Assert.Equal(Rear("greedy"), a.GetProperty("greedy").GetProperty("score").GetDouble());
        }
    }

    [Fact]
    public async Task Table_lists_the_methods_and_the_limit_applies()
    {
        var (code, stdout, stderr) = await Run(Small(ThreeItems(), "--methods", "greedy, bon-l1", "--limit", "1"));
        Assert.True(code == 0, stderr);
        Assert.Contains("1 items from items.jsonl", stdout);
        Assert.Contains("95% CI", stdout);
        Assert.Contains("greedy ", stdout);
        Assert.Contains("bon-l1 ", stdout);
        Assert.Contains("bon-l1 ← bon-rear", stdout);
        Assert.DoesNotContain("item 1/1", stdout);
    }

    [Fact]
    public async Task Unknown_method_fails_before_loading_and_lists_the_valid_names()
    {
        var (code, stdout, stderr) = await Run(Small(ThreeItems(), "--methods", "greedy,beam"));
        Assert.Equal(CliGuard.UserError, code);
        Assert.Equal("", stdout);
        Assert.Contains("unknown method 'beam'", stderr);
        Assert.Contains(string.Join(", ", AllMethods), stderr);
    }

    [Fact]
    public async Task Dataset_errors_name_the_file_and_line()
    {
        var path = Dataset("""{"question":"Q","preference":"P","maxWords":3}""", """{"question":"Q","preference":"P"}""");
        var (code, _, stderr) = await Run(Small(path));
        Assert.Equal(CliGuard.UserError, code);
        Assert.Contains($"error: {path}:2: no checks", stderr);
    }

    [Fact]
    public async Task Dvts_budget_is_checked_before_the_run()
    {
        var (code, _, stderr) = await Run("eval", "--model", "stories260K", "--dataset", ThreeItems(), "--methods", "dvts-rear", "-n", "4", "-m", "3");
        Assert.Equal(CliGuard.UserError, code);
        Assert.Contains("m must divide n", stderr);
    }
}
