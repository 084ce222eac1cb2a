using System.Text.Json;
using RearPlayground.Tests.Support;

namespace RearPlayground.Tests.Cli;

/// <summary>The command-line contract, driven in-process through the same entry point as the executable.</summary>
public class CliTests
{
    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => Support.Cli.Run(args);

    [Fact]
    public async Task Run_json_has_the_documented_shape()
    {
        var (code, stdout, stderr) = await Run("run", "--model", "stories260K", "--method", "bon", "--question", "Once upon a time",
            "--preference", "Tom was a cat.", "-n", "4", "--max-tokens", "24", "--seed", "3", "--device", "cpu", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("stories260K", root.GetProperty("model").GetString());
        Assert.Equal("cpu", root.GetProperty("device").GetString());
        Assert.Equal("bon", root.GetProperty("method").GetString());
        var candidates = root.GetProperty("candidates").EnumerateArray().ToArray();
        Assert.Equal(4, candidates.Length);
        var best = root.GetProperty("best").GetInt32();
        Assert.Equal(candidates.Max(c => c.GetProperty("score").GetDouble()), candidates[best].GetProperty("score").GetDouble());
        foreach (var c in candidates)
        {
            var tokens = c.GetProperty("tokenIds").GetArrayLength();
            Assert.Equal(tokens, c.GetProperty("logprobsWithout").GetArrayLength());
            Assert.Equal(tokens, c.GetProperty("logprobsWith").GetArrayLength());
            Assert.False(string.IsNullOrEmpty(c.GetProperty("text").GetString()));
            Assert.Contains(c.GetProperty("finishReason").GetString(), new[] { "eos", "length" });
        }
        var counts = root.GetProperty("counts");
        Assert.Equal(2 * counts.GetProperty("generatedTokens").GetInt32(), counts.GetProperty("scoredPositions").GetInt32());
        Assert.True(root.GetProperty("timings").GetProperty("totalMs").GetDouble() > 0);
    }

    [Fact]
    public async Task Run_greedy_prints_a_readable_table()
    {
        var (code, stdout, stderr) = await Run("run", "--model", "stories260K", "--method", "greedy", "--question", "Once upon a time",
            "--max-tokens", "20", "--device", "cpu");
        Assert.True(code == 0, stderr);
        Assert.Contains("rank", stdout);
        Assert.Contains(", there was a little girl named Lily.", stdout);
    }

    [Fact]
    public async Task Run_include_greedy_adds_the_greedy_answer_apart_from_the_N()
    {
        var (code, stdout, stderr) = await Run("run", "--model", "stories260K", "--method", "bon", "--question", "Once upon a time",
            "--preference", "Tom was a cat.", "-n", "3", "--max-tokens", "20", "--seed", "3", "--device", "cpu", "--include-greedy", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(3, root.GetProperty("candidates").GetArrayLength());
        var greedy = root.GetProperty("greedy");
        Assert.Equal(3, greedy.GetProperty("index").GetInt32());
        // The greedy decode of the context the sampler used: a greedy run's answer.
        var (greedyCode, greedyOut, _) = await Run("run", "--model", "stories260K", "--method", "greedy", "--question", "Once upon a time",
            "--preference", "Tom was a cat.", "--max-tokens", "20", "--device", "cpu", "--json");
        Assert.Equal(0, greedyCode);
        using var plain = JsonDocument.Parse(greedyOut);
        Assert.Equal(plain.RootElement.GetProperty("candidates")[0].GetProperty("text").GetString(), greedy.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, plain.RootElement.GetProperty("greedy").ValueKind);

        (code, stdout, stderr) = await Run("run", "--model", "stories260K", "--method", "bon", "--question", "Once upon a time",
            "--preference", "Tom was a cat.", "-n", "3", "--max-tokens", "20", "--device", "cpu", "--include-greedy");
        Assert.True(code == 0, stderr);
        Assert.Contains("greedy baseline (not among the 3): idx 3", stdout);
    }

    [Fact]
    public async Task Score_json_matches_the_reference_case()
    {
        var reference = ReferenceData.Load().Cases[0];
        var (code, stdout, stderr) = await Run("score", "--model", "stories260K", "--question", reference.Question,
            "--preference", reference.Preference, "--response", reference.ResponseText, "--separator", " ", "--lambda", "20", "--device", "cpu", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(reference.Response, root.GetProperty("tokenIds").EnumerateArray().Select(x => x.GetInt32()));
        var lp = root.GetProperty("logprobsWith").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        for (var t = 0; t < lp.Length; t++) Assert.True(Math.Abs(lp[t] - reference.LogProbsWith[t]) < 1e-3);
        foreach (var (agg, expected) in reference.Scores[20.0])
            Assert.True(Math.Abs(root.GetProperty("scores").GetProperty(agg).GetDouble() - expected) < 1e-3, agg);
    }

    [Theory]
    [InlineData("model folder not found", "run", "--model", "no-such-model", "--question", "q")]
    [InlineData("unknown method", "run", "--model", "stories260K", "--method", "beam", "--question", "q")]
    [InlineData("unknown aggregation", "run", "--model", "stories260K", "--agg", "median", "--question", "q")]
    [InlineData("top-p", "run", "--model", "stories260K", "--top-p", "1.5", "--question", "q")]
    [InlineData("unknown device", "run", "--model", "stories260K", "--device", "tpu", "--question", "q")]
    [InlineData("the response is empty", "score", "--model", "stories260K", "--question", "q", "--response", "")]
    public async Task Errors_exit_non_zero_with_one_clear_line(string expected, params string[] args)
    {
        var (code, stdout, stderr) = await Run(args);
        Assert.NotEqual(0, code);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(expected, lines[0]);
    }

    [Fact]
    public async Task Verbose_adds_the_stack_trace()
    {
        var (code, _, stderr) = await Run("run", "--model", "no-such-model", "--question", "q", "--verbose");
        Assert.NotEqual(0, code);
        Assert.Contains("ModelLoadException", stderr);
        Assert.Contains(" at ", stderr);
    }
}
