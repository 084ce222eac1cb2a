using RearPlayground.Worker.Rear;

namespace RearPlayground.Tests.Rear;

public class RearScoreTests
{
    private static readonly float[] L0 = [-1f, -2f, -0.5f];
    private static readonly float[] Lp = [-0.5f, -1f, -3f];

    [Theory]
    [InlineData(0, "mean", (-1 - 2 - 0.5) / 3)]
    [InlineData(1, "sum", -0.5 - 1 - 3)]
    [InlineData(20, "min", -19 * -0.5 + 20 * -3.0)]
    [InlineData(20, "last", -19 * -0.5 + 20 * -3.0)]
    [InlineData(2, "mean", ((-1 * -1 + 2 * -0.5) + (-1 * -2 + 2 * -1) + (-1 * -0.5 + 2 * -3)) / 3)]
    public void Combines_tokens_as_the_spec_says(double lambda, string agg, double expected) =>
        Assert.Equal(expected, RearScore.Compute(L0, Lp, new RearOptions(lambda, 1, AggregationParser.Parse(agg)), false), 6);

    [Fact]
    public void Gamma_discounts_later_tokens()
    {
        var options = new RearOptions(1, 0.5, Aggregation.Sum);
        Assert.Equal(-0.5 + 0.5 * -1 + 0.25 * -3, RearScore.Compute(L0, Lp, options, false), 6);
    }

    [Fact]
    public void Eos_is_dropped_only_when_asked_and_only_when_the_candidate_ended_with_it()
    {
        var noEos = new RearOptions(1, 1, Aggregation.Sum, ScoreEos: false);
        Assert.Equal(-1.5, RearScore.Compute(L0, Lp, noEos, endedWithEos: true), 6);
        Assert.Equal(-4.5, RearScore.Compute(L0, Lp, noEos, endedWithEos: false), 6);
        Assert.Equal(-4.5, RearScore.Compute(L0, Lp, noEos with { ScoreEos = true }, endedWithEos: true), 6);
    }

    [Fact]
    public void Empty_response_scores_negative_infinity()
    {
        Assert.Equal(double.NegativeInfinity, RearScore.Compute([], [], new RearOptions(), false));
        Assert.Equal(double.NegativeInfinity, RearScore.Compute([-1f], [-1f], new RearOptions(ScoreEos: false), true));
    }

    [Fact]
    public void Mismatched_lengths_and_bad_options_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => RearScore.Compute([-1f], [], new RearOptions(), false));
        Assert.Throws<ArgumentException>(() => new RearOptions(Gamma: 0).Validate());
        Assert.Throws<ArgumentException>(() => new RearOptions(Lambda: double.NaN).Validate());
        Assert.Throws<ArgumentException>(() => AggregationParser.Parse("median"));
    }
}
