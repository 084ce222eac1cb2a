using RearPlayground.Web.Campaigns.Statistics;

namespace RearPlayground.Tests.Web.Campaigns.Statistics;

/// <summary>Krippendorff's α against the worked examples of Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability".</summary>
public sealed class KrippendorffAlphaTests
{
    /// <summary>Section C: 4 observers × 12 units, values 1–5, with missing data; unit 12 has a single value and is unpairable.</summary>
    internal static readonly int?[][] PaperObservers =
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
        [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    ];

    internal static IReadOnlyList<int?>[] Units(int?[][] observers) =>
        [.. Enumerable.Range(0, observers[0].Length).Select(u => (IReadOnlyList<int?>)[.. observers.Select(o => o[u])])];

    [Theory]
    [InlineData(AlphaLevel.Nominal, 0.743)]
    [InlineData(AlphaLevel.Ordinal, 0.815)]
    [InlineData(AlphaLevel.Interval, 0.849)]
    public void Paper_example_with_missing_data(AlphaLevel level, double published) =>
        Assert.Equal(published, KrippendorffAlpha.Compute(Units(PaperObservers), level), 3);

    [Fact]
    public void Paper_example_of_two_observers_and_binary_data()
    {
        // Section A: 1 − (20 − 1)·4 / (14·6) = 0.095.
        int?[][] observers = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]];
        Assert.Equal(0.095, KrippendorffAlpha.Compute(Units(observers), AlphaLevel.Nominal), 3);
    }

    [Fact]
    public void Paper_example_coincidences_match_the_published_matrix()
    {
        var o = Coincidences.From(Units(PaperObservers));
        Assert.Equal([1, 2, 3, 4, 5], o.Values);
        // Row "1" of the paper's matrix: o11 = 7, o12 = 4/3, o13 = 1/3, o14 = 1/3; n_1 = 9.
        Assert.Equal(7, o.Counts[0, 0], 9);
        Assert.Equal(4 / 3.0, o.Counts[0, 1], 9);
        Assert.Equal(1 / 3.0, o.Counts[0, 2], 9);
        Assert.Equal(1 / 3.0, o.Counts[0, 3], 9);
        Assert.Equal(40, o.Counts.Cast<double>().Sum(), 9);
    }

    [Theory]
    [InlineData(AlphaLevel.Nominal)]
    [InlineData(AlphaLevel.Ordinal)]
    [InlineData(AlphaLevel.Interval)]
    public void Perfect_agreement_with_missing_values_is_one(AlphaLevel level)
    {
        int?[][] observers = [[1, 2, 3, null], [1, 2, 3, 4], [null, 2, 3, 4]];
        Assert.Equal(1.0, KrippendorffAlpha.Compute(Units(observers), level), 12);
    }

    [Fact]
    public void A_single_value_everywhere_leaves_alpha_undefined()
    {
        // No variation: nothing to tell agreement from chance, so NaN rather than a misleading 1.
        int?[][] observers = [[2, 2, 2], [2, 2, null]];
        Assert.True(double.IsNaN(KrippendorffAlpha.Compute(Units(observers), AlphaLevel.Nominal)));
    }

    [Fact]
    public void No_unit_with_two_values_leaves_alpha_undefined()
    {
        int?[][] observers = [[1, null, 3], [null, 2, null]];
        Assert.True(double.IsNaN(KrippendorffAlpha.Compute(Units(observers), AlphaLevel.Nominal)));
        Assert.True(double.IsNaN(KrippendorffAlpha.Compute([], AlphaLevel.Ordinal)));
    }

    [Fact]
    public void Systematic_disagreement_is_below_zero()
    {
        int?[][] observers = [[1, 2, 1, 2], [2, 1, 2, 1]];
        Assert.True(KrippendorffAlpha.Compute(Units(observers), AlphaLevel.Nominal) < 0);
    }
}
