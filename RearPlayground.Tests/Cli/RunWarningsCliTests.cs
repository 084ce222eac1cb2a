using System.Text.Json;

namespace RearPlayground.Tests.Cli;

/// <summary>
/// <c>run</c> prints a run's warnings to stderr as <c>warning: code: message</c> lines, whatever stdout holds (the table,
/// <c>--json</c> with its <c>warnings: [{code, message}]</c>, or the events); an ordinary run prints none.
/// </summary>
public class RunWarningsCliTests
{
    private static readonly string[] TopK1 =
    [
        "run", "--model", "stories260K", "--method", "bon", "-n", "3", "--max-tokens", "12", "--top-k", "1",
        "--question", "Once upon a time", "--preference", "Tom was a cat.", "--device", "cpu", "--seed", "5",
    ];

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => Support.Cli.Run(args);

    private static string[] WarningLines(string stderr) =>
        [.. stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("warning: ", StringComparison.Ordinal))];

    [Fact]
    public async Task The_table_run_prints_its_warnings_to_stderr_and_keeps_the_result()
    {
        var (code, stdout, stderr) = await Run(TopK1);
        Assert.True(code == 0, stderr);
        var lines = WarningLines(stderr);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("warning: identical-candidates: All 3 candidates are the same text", lines[0]);
        Assert.StartsWith("warning: scores-tied: Every candidate scored the same", lines[1]);
        Assert.DoesNotContain("warning:", stdout);
        Assert.Contains("best:", stdout);
    }

    [Fact]
    public async Task Json_lists_them_as_code_and_message_and_stderr_too()
    {
        var (code, stdout, stderr) = await Run([.. TopK1, "--json"]);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var warnings = doc.RootElement.GetProperty("warnings").EnumerateArray().ToArray();
        Assert.Equal(["identical-candidates", "scores-tied"], warnings.Select(w => w.GetProperty("code").GetString()));
        Assert.All(warnings, w => Assert.False(string.IsNullOrEmpty(w.GetProperty("message").GetString())));
        Assert.Equal(2, WarningLines(stderr).Length);
    }

    [Fact]
    public async Task An_ordinary_run_prints_no_warning()
    {
        var (code, stdout, stderr) = await Run([.. TopK1.Take(9), "--question", "Once upon a time", "--preference", "Tom was a cat.", "--device", "cpu", "--seed", "5", "--json"]);
        Assert.True(code == 0, stderr);
        Assert.Empty(WarningLines(stderr));
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(0, doc.RootElement.GetProperty("warnings").GetArrayLength());
    }
}
