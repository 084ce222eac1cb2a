using RearPlayground.Web.Campaigns.Statistics;

namespace RearPlayground.Tests.Web.Campaigns.Statistics;

/// <summary>Cohen's κ between every two annotators over their shared items.</summary>
public sealed class CohensKappaTests
{
    [Fact]
    public void Textbook_fifty_proposals_example()
    {
        // Wikipedia's "Cohen's kappa" example: 50 grant proposals, yes/yes 20, A yes B no 5, A no B yes 10, no/no 15.
        // p_o = 35/50 = .7; A says yes .5, B .6: p_e = .5·.6 + .5·.4 = .5; κ = (.7 − .5) / .5 = .4.
        var judgements = Enumerable.Repeat(("yes", "yes"), 20).Concat(Enumerable.Repeat(("yes", "no"), 5))
            .Concat(Enumerable.Repeat(("no", "yes"), 10)).Concat(Enumerable.Repeat(("no", "no"), 15)).ToList();

        var agreement = CohensKappa.Of("A", "B", judgements);

        Assert.Equal((50, 35), (agreement.Shared, agreement.Same));
        Assert.Equal(0.7, agreement.Observed, 12);
        Assert.Equal(0.5, agreement.Expected, 12);
        Assert.Equal(0.4, agreement.Kappa!.Value, 12);
    }

    [Fact]
    public void Each_pair_of_annotators_over_their_shared_items_only()
    {
        // Campaign items by id, best pick by label; ann and cat share no item and are not compared.
        var byAnnotator = new Dictionary<string, IReadOnlyDictionary<int, string>>
        {
            ["ben"] = new Dictionary<int, string> { [1] = "A", [2] = "B", [3] = "A", [4] = "C" },
            ["ann"] = new Dictionary<int, string> { [1] = "A", [2] = "B", [3] = "B" },
            ["cat"] = new Dictionary<int, string> { [4] = "C", [5] = "A" },
        };

        var table = CohensKappa.Between(byAnnotator);

        Assert.Equal([("ann", "ben", 3), ("ben", "cat", 1)], table.Select(t => (t.First, t.Second, t.Shared)));
        // ann (A, B, B) vs ben (A, B, A): p_o = 2/3; p_e = 1/3·2/3 + 2/3·1/3 = 4/9; κ = (6/9 − 4/9) / (5/9) = .4
        Assert.Equal(0.4, table[0].Kappa!.Value, 12);
        Assert.Null(table[1].Kappa); // one shared item, both "C": p_e = 1, κ undefined
    }

    [Fact]
    public void No_shared_items_is_an_error_rather_than_a_kappa() =>
        Assert.Throws<ArgumentException>(() => CohensKappa.Of<string>("A", "B", []));
}
