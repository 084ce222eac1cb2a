using RearPlayground.Data.Entities;
using RearPlayground.Web.Annotations;
using RearPlayground.Web.Campaigns.Statistics;
using static RearPlayground.Web.Annotations.PairOutcome;

namespace RearPlayground.Tests.Web.Annotate;

/// <summary>Pairwise preferences from best / rank / pair annotations, and agreement with Cohen's κ against hand-computed values.</summary>
public sealed class AgreementTests
{
    private static readonly int[] Three = [0, 1, 2];
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static AnnotationEntity A(string who, string kind, int minute, int? index = null, string value = "") =>
        new() { Id = minute, Annotator = who, Kind = kind, CandidateIndex = index, Value = value, At = T0.AddMinutes(minute) };

    [Fact]
    public void Best_rank_and_pair_become_normalised_pairwise_preferences()
    {
        var derived = PairwisePreferences.Derive(
        [
            A("ann", "best", 1, index: 2),
            A("ben", "rank", 2, value: "[2,0,1]"),
            A("cat", "pair", 3, value: """{"left":2,"right":0,"choice":"left"}"""),
            A("cat", "pair", 4, value: """{"left":1,"right":0,"choice":"tie"}"""),
            A("cat", "comment", 5),
        ], Three);

        Assert.Equal(["ann", "ben", "cat"], derived.Keys.Order());
        Assert.Equal(new Dictionary<CandidatePair, PairOutcome> { [new(0, 2)] = RightWins, [new(1, 2)] = RightWins }, derived["ann"]);
        Assert.Equal(new Dictionary<CandidatePair, PairOutcome> { [new(0, 2)] = RightWins, [new(1, 2)] = RightWins, [new(0, 1)] = LeftWins }, derived["ben"]);
        Assert.Equal(new Dictionary<CandidatePair, PairOutcome> { [new(0, 2)] = RightWins, [new(0, 1)] = Tie }, derived["cat"]);
    }

    [Fact]
    public void A_later_judgement_of_the_same_pair_replaces_the_earlier_one()
    {
        var derived = PairwisePreferences.Derive(
        [
            A("ann", "pair", 9, value: """{"left":0,"right":1,"choice":"right"}"""),
            A("ann", "best", 1, index: 0),
        ], Three);
        Assert.Equal(RightWins, derived["ann"][new(0, 1)]); // the pair (minute 9) came after the best (minute 1)
        Assert.Equal(LeftWins, derived["ann"][new(0, 2)]);
    }

    [Fact]
    public void Kappa_matches_the_hand_computed_value_for_known_marginals()
    {
        // ann: L L L L L R R R T T   ben: L L L R R R R T T L
        // p_o = 6/10; marginals ann (.5, .3, .2), ben (.4, .4, .2): p_e = .20 + .12 + .04 = .36; κ = (.6 − .36) / .64 = .375
        PairOutcome[] ann = [LeftWins, LeftWins, LeftWins, LeftWins, LeftWins, RightWins, RightWins, RightWins, Tie, Tie];
        PairOutcome[] ben = [LeftWins, LeftWins, LeftWins, RightWins, RightWins, RightWins, RightWins, Tie, Tie, LeftWins];

        var agreement = CohensKappa.Of("ann", "ben", [.. ann.Zip(ben)]);

        Assert.Equal((10, 6), (agreement.Shared, agreement.Same));
        Assert.Equal(0.6, agreement.Observed, 12);
        Assert.Equal(0.36, agreement.Expected, 12);
        Assert.Equal(0.375, agreement.Kappa!.Value, 12);
    }

    [Fact]
    public void Kappa_is_undefined_when_expected_agreement_is_one()
    {
        var agreement = CohensKappa.Of("ann", "ben", [(RightWins, RightWins), (RightWins, RightWins)]);
        Assert.Equal((1.0, 1.0), (agreement.Observed, agreement.Expected));
        Assert.Null(agreement.Kappa);
    }

    [Fact]
    public void Perfect_disagreement_on_a_balanced_split_is_minus_one()
    {
        // p_o = 0, marginals ann (.5, .5, 0), ben (.5, .5, 0): p_e = .5, κ = −1
        var agreement = CohensKappa.Of("ann", "ben", [(LeftWins, RightWins), (RightWins, LeftWins)]);
        Assert.Equal(-1, agreement.Kappa!.Value, 12);
    }

    [Fact]
    public void Only_annotators_with_shared_pairs_are_compared()
    {
        var derived = PairwisePreferences.Derive(
        [
            A("ann", "best", 1, index: 2),                                        // (0,2) R, (1,2) R
            A("ben", "rank", 2, value: "[0,2,1]"),                                // (0,2) L, (0,1) L, (1,2) R
            A("cat", "pair", 3, value: """{"left":0,"right":1,"choice":"tie"}"""), // (0,1) T
        ], Three);

        var table = CohensKappa.Between(derived);

        Assert.Equal([("ann", "ben"), ("ben", "cat")], table.Select(t => (t.First, t.Second)));
        var annBen = table[0];
        Assert.Equal((2, 1, 0.5), (annBen.Shared, annBen.Same, annBen.Observed));
        // ann (R, R), ben (L, R): p_e = P(L)·P(L) + P(R)·P(R) = 0·.5 + 1·.5 = .5; κ = (.5 − .5) / .5 = 0
        Assert.Equal(0, annBen.Kappa!.Value, 12);
        var benCat = table[1];
        Assert.Equal((1, 0), (benCat.Shared, benCat.Same));
        Assert.Equal(0, benCat.Kappa!.Value, 12); // one pair, different categories: p_e = 0, κ = 0
    }
}
