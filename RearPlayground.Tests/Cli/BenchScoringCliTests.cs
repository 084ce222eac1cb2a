using System.Globalization;
using System.Text.RegularExpressions;

namespace RearPlayground.Tests.Cli;

/// <summary>
/// <c>bench --scoring</c> on the real stories260K model, one repeat of a small shape: it prints REAR's ratio and the ℓ0 pass's
/// breakdown, whose parts add up to no more than the pass. The figures themselves are the bench's to report, not asserted.
/// </summary>
public sealed partial class BenchScoringCliTests
{
    [Fact]
    public async Task The_scoring_bench_prints_the_ratio_and_a_breakdown_that_adds_up()
    {
        var (code, output, error) = await Support.Cli.Run(["bench", "--scoring", "--models", "stories260K", "--repeats", "1", "-n", "4", "--new-tokens", "8"]);

        Assert.True(code == 0, error);
        var line = output.Split('\n').Single(l => l.StartsWith("stories260K:", StringComparison.Ordinal));
        var ratio = Number(Ratio(), line);
        Assert.InRange(ratio, 0.2, 20);
        var pass = Breakdown().Match(line);
        Assert.True(pass.Success, line);
        var parts = Enumerable.Range(2, 4).Sum(g => double.Parse(pass.Groups[g].Value, CultureInfo.InvariantCulture));
        Assert.True(parts <= double.Parse(pass.Groups[1].Value, CultureInfo.InvariantCulture) + 0.2, line);
        Assert.Contains("bare ORT forced 4 × ", line);
    }

    private static double Number(Regex pattern, string line)
    {
        var match = pattern.Match(line);
        Assert.True(match.Success, line);
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"BoN ÷ sampling ([\d.]+) \(median of ratios\)")]
    private static partial Regex Ratio();

    [GeneratedRegex(@"ℓ0 pass ([\d.]+) ms = forward ([\d.]+) \+ log-softmax ([\d.]+) \+ copies ([\d.]+) \+ other ([\d.]+)")]
    private static partial Regex Breakdown();
}
