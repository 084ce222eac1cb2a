using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Rear.Inspection;

namespace RearPlayground.Tests.Engine.Sampling;

/// <summary>
/// Scoring's log-sum-exp kernel (<see cref="FastExp"/> through <see cref="LogProbs.Normalizer"/>) against the same sum taken
/// in double: rows as wide as a 32,000-token vocabulary and of lengths that leave a scalar tail, logits spread from ±1 to ±80
/// (so terms span 2^−150 to 1), and the degenerate rows that must come out as NaN rather than a plausible number.
/// </summary>
public class FastExpTests
{
    public static TheoryData<int, double, double> Rows => new()
    {
        { 32000, 1, 0 }, { 32000, 10, 3.5 }, { 32000, 80, -12 }, { 512, 4, 0 }, { 32007, 25, 40 }, { 63, 3, 1 }, { 31, 2, 0 }, { 1, 1, 7 },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Log_sum_exp_matches_double_precision(int length, double spread, double offset)
    {
        var random = new Random(length + (int)spread);
        var row = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2 - 1) * spread + offset)).ToArray();
        var expected = ReferenceLogSumExp(row);

        var actual = LogProbs.Normalizer(row);

        // One float ulp of the result (values up to ~120 here) plus the kernel's own error, far inside scoring's 1e-5.
        Assert.True(Math.Abs(actual - expected) <= 2e-6 + Math.Abs(expected) * 1.2e-7, $"expected {expected:R}, got {actual:R}");
        Assert.Equal((float)ReferenceMax(row), FastExp.Max(row));
    }

    [Fact]
    public void One_dominant_logit_gives_its_own_value_and_minus_infinity_contributes_nothing()
    {
        var row = Enumerable.Repeat(-200f, 32000).ToArray();
        row[123] = 5f;
        row[31999] = float.NegativeInfinity;
        Assert.Equal(5f, LogProbs.Normalizer(row), 5);
        Assert.Equal(0f, LogProbs.LogProbOf(row, 123), 5);
    }

    [Theory]
    [InlineData(float.NaN, 17)]
    [InlineData(float.NaN, 31990)]
    [InlineData(float.PositiveInfinity, 40)]
    public void A_row_holding_nan_or_plus_infinity_yields_nan(float bad, int at)
    {
        var row = Enumerable.Range(0, 32000).Select(i => (float)Math.Sin(i)).ToArray();
        row[at] = bad;
        Assert.True(float.IsNaN(LogProbs.Normalizer(row)), "a NaN or +∞ logit must not hide behind a finite normaliser");
    }

    [Theory]
    [InlineData(32000, 1.0)]
    [InlineData(32000, 8.0)]
    [InlineData(517, 3.0)]
    public void The_fused_kl_of_two_rows_matches_double_precision(int length, double spread)
    {
        var random = new Random(length);
        var p = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2 - 1) * spread)).ToArray();
        var q = p.Select(x => x + (float)((random.NextDouble() - 0.5) * spread * 0.3)).ToArray();
        var (lseP, lseQ) = (ReferenceLogSumExp(p), ReferenceLogSumExp(q));
        var expected = p.Select((x, i) => Math.Exp(x - lseP) * ((x - lseP) - (q[i] - lseQ))).Sum();

        var actual = NextTokenStats.Kl(p, (float)lseP, q, (float)lseQ, new float[length], new float[length]);

        Assert.True(expected > 1e-4, "the rows must differ for the check to mean something");
        Assert.True(Math.Abs(actual - expected) < 1e-5 + expected * 1e-4, $"expected {expected:R}, got {actual:R}");
    }

    private static double ReferenceMax(float[] row) => row.Max();

    private static double ReferenceLogSumExp(float[] row)
    {
        var max = ReferenceMax(row);
        return max + Math.Log(row.Sum(x => Math.Exp(x - max)));
    }
}
