using System.Text.Json;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Contracts;

namespace RearPlayground.Tests.Cli;

/// <summary><c>run --method dvts</c>: the tree in the JSON, the indented text tree, the live event lines.</summary>
public class RunDvtsCliTests
{
    private static readonly string[] Dvts =
    [
        "run", "--model", "stories260K", "--method", "dvts", "-n", "4", "-m", "2", "--step-tokens", "6", "--max-tokens", "24",
        "--question", "Once upon a time", "--preference", "Tom was a cat.", "--device", "cpu", "--seed", "2",
    ];

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => Support.Cli.Run(args);

    [Fact]
    public async Task Json_carries_the_tree_and_counts()
    {
        var (code, stdout, stderr) = await Run([.. Dvts, "--json"]);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("dvts", root.GetProperty("method").GetString());
        var tree = root.GetProperty("tree").EnumerateArray().ToArray();
        Assert.NotEmpty(tree);
        var ids = new HashSet<int>();
        foreach (var node in tree)
        {
            if (node.GetProperty("parentId").ValueKind != JsonValueKind.Null) Assert.Contains(node.GetProperty("parentId").GetInt32(), ids);
            ids.Add(node.GetProperty("id").GetInt32());
            Assert.Contains(node.GetProperty("subtree").GetInt32(), new[] { 0, 1 });
            Assert.True(node.GetProperty("depth").GetInt32() >= 1);
            Assert.Contains(node.GetProperty("kept").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
            Assert.True(node.GetProperty("tokenIds").GetArrayLength() is > 0 and <= 6);
        }
        Assert.Equal(2, root.GetProperty("candidates").GetArrayLength());
        var counts = root.GetProperty("counts");
        Assert.True(counts.GetProperty("scoredPositions").GetInt32() <= 2.1 * counts.GetProperty("generatedTokens").GetInt32());
    }

    [Fact]
    public async Task Text_output_draws_an_indented_tree()
    {
        var (code, stdout, stderr) = await Run(Dvts);
        Assert.True(code == 0, stderr);
        Assert.Contains("subtree 0", stdout);
        Assert.Contains("subtree 1", stdout);
        Assert.Matches(@"\n {4}[*x] #\d+", stdout); // depth-2 nodes are indented under their parents
    }

    [Fact]
    public async Task Events_print_as_json_lines_in_order()
    {
        var (code, stdout, stderr) = await Run([.. Dvts, "--events"]);
        Assert.True(code == 0, stderr);
        var events = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(EventJson.Deserialize).ToArray();
        Assert.IsType<RunStarted>(events[0]);
        Assert.IsType<RunFinished>(events[^1]);
        Assert.Contains(events, e => e is NodeExpanded);
        Assert.Contains(events, e => e is NodeSelected);
        Assert.Contains(events, e => e is ProgressReported);
        Assert.Equal(2, events.Count(e => e is CandidateFinished));
    }

    [Theory]
    [InlineData("m must divide n", "-n", "6", "-m", "4")]
    [InlineData("unknown scorer", "--scorer", "oracle")]
    [InlineData("step-tokens must be at least 1", "--step-tokens", "0")]
    public async Task Bad_dvts_options_are_one_line_errors(string expected, params string[] extra)
    {
        var args = Dvts.Where((a, i) => !(a is "-n" or "-m" or "--step-tokens" || (i > 0 && Dvts[i - 1] is "-n" or "-m" or "--step-tokens"))).Concat(extra).ToArray();
        var (code, stdout, stderr) = await Run(args);
        Assert.NotEqual(0, code);
        Assert.Equal("", stdout);
        Assert.Contains(expected, Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
