using RearPlayground.Data.Campaigns;
using RearPlayground.Data.Entities;
using RearPlayground.Web.Campaigns;

namespace RearPlayground.Tests.Web.Campaigns;

/// <summary>
/// An arena item's sides: picks of the item's own run stored as before; a pick of another run of the question as
/// selector@run with an offset index, so two runs' candidates of the same index never read as one (no false recorded
/// tie, winners map back to the right side), and decoded back to selector, run and index.
/// </summary>
public sealed class ArenaSidesTests
{
    private static readonly Guid Anchor = Guid.NewGuid(), Guided = Guid.NewGuid(), GuidedBon = Guid.NewGuid();

    private static CampaignItemEntity Item(ArenaSide first, ArenaSide second)
    {
        var (a, i) = ArenaSides.Encode(first, Anchor, 1);
        var (b, j) = ArenaSides.Encode(second, Anchor, 2);
        return new CampaignItemEntity { RunId = Anchor, First = i, Second = j, FirstSelector = a, SecondSelector = b };
    }

    [Fact]
    public void Picks_of_the_items_run_are_stored_as_they_always_were()
    {
        var item = Item(new ArenaSide("rear", Anchor, 2), new ArenaSide("random", Anchor, 2));
        Assert.Equal(("rear", "random", 2, 2), (item.FirstSelector!, item.SecondSelector!, item.First!.Value, item.Second!.Value));
        Assert.True(CampaignTasks.IsRecordedTie(item));
        Assert.False(ArenaSides.CrossRun(item));
        Assert.Equal((new ArenaSide("rear", Anchor, 2), new ArenaSide("random", Anchor, 2)), ArenaSides.Of(item));
    }

    [Fact]
    public void Picks_of_other_runs_with_the_same_index_stay_two_sides_and_decode_to_their_runs()
    {
        var item = Item(new ArenaSide("guided", Guided, 0), new ArenaSide("guided-bon", GuidedBon, 0));
        Assert.NotEqual(item.First, item.Second);
        Assert.False(CampaignTasks.IsRecordedTie(item));
        Assert.True(ArenaSides.CrossRun(item));
        Assert.Equal((new ArenaSide("guided", Guided, 0), new ArenaSide("guided-bon", GuidedBon, 0)), ArenaSides.Of(item));
        Assert.Equal(("guided", "guided-bon"), (ArenaSides.SelectorOf(item.FirstSelector!), ArenaSides.SelectorOf(item.SecondSelector!)));
        Assert.Equal(new ArenaSide("guided-bon", GuidedBon, 0), ArenaSides.SideOf(item, item.Second!.Value));

        // The anchor's candidate 0 against another run's candidate 0: still two sides.
        var mixed = Item(new ArenaSide("rear", Anchor, 0), new ArenaSide("guided", Guided, 0));
        Assert.Equal((0, ArenaSides.Stride * 2), (mixed.First!.Value, mixed.Second!.Value));
        Assert.Equal((new ArenaSide("rear", Anchor, 0), new ArenaSide("guided", Guided, 0)), ArenaSides.Of(mixed));
    }
}
