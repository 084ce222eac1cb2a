using RearPlayground.Worker.Rear;

namespace RearPlayground.Tests.Rear;

/// <summary>Within its bounds (|λ| ≤ 1e6, γ in (0, 1]) a REAR score of finite log-probs is finite: never NaN, never ±∞.</summary>
public sealed class RearScoreBoundsTests
{
    // The extremes a float log-prob can take, and ordinary ones.
    private static readonly float[] L0 = [-float.MaxValue, -1e-30f, -3f, 0f];
    private static readonly float[] Lp = [-0.5f, -float.MaxValue, -1e30f, -float.Epsilon];

    public static TheoryData<double, double, string> Bounds()
    {
        var data = new TheoryData<double, double, string>();
        foreach (var lambda in new[] { -RearOptions.MaxAbsLambda, -1, 0, 1, 20, RearOptions.MaxAbsLambda })
            foreach (var gamma in new[] { 1e-300, 0.5, 1 })
                foreach (var agg in new[] { "mean", "sum", "min", "last" })
                    data.Add(lambda, gamma, agg);
        return data;
    }

    [Theory]
    [MemberData(nameof(Bounds))]
    public void Finite_log_probs_give_a_finite_score(double lambda, double gamma, string agg)
    {
        var options = new RearOptions(lambda, gamma, AggregationParser.Parse(agg));
        options.Validate();
        Assert.True(double.IsFinite(RearScore.Compute(L0, Lp, options, endedWithEos: false)));
        Assert.All(RearScore.TokenRewards(L0, Lp, lambda), r => Assert.True(double.IsFinite(r)));
    }

    [Theory]
    [InlineData(1e308)]
    [InlineData(-1e7)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    public void Lambda_past_the_bound_is_refused(double lambda) =>
        Assert.Equal(RearOptions.LambdaRule, Assert.Throws<ArgumentException>(() => new RearOptions(lambda).Validate()).Message);

    [Fact]
    public void An_impossible_token_weighted_zero_is_left_out_not_NaN()
    {
        float[] impossible = [float.NegativeInfinity, -1f];
        float[] fine = [-2f, -1f];
        // λ = 1 weighs ℓ0 zero, λ = 0 weighs ℓp zero: 0 · −∞ must not make NaN.
        Assert.Equal(-1.5, RearScore.Compute(impossible, fine, new RearOptions(1), false), 6);
        Assert.Equal(-1.5, RearScore.Compute(fine, impossible, new RearOptions(0), false), 6);
        // Weighted, an impossible token decides the score (±∞ by the sign of its weight), and −∞ + ∞ ranks last: never NaN.
        Assert.Equal(double.NegativeInfinity, RearScore.Compute(fine, impossible, new RearOptions(20), false));
        Assert.Equal(double.NegativeInfinity, RearScore.Reward(float.NegativeInfinity, float.PositiveInfinity, 0.5));
    }
}
