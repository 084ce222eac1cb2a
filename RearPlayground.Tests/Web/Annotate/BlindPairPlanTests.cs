using RearPlayground.Web.Annotations;

namespace RearPlayground.Tests.Web.Annotate;

public sealed class BlindPairPlanTests
{
    private static readonly Guid Run = Guid.Parse("6f1c7a52-34a1-4c55-9a55-0d3c0f3b0a11");

    [Fact]
    public void Every_pair_comes_once_in_an_order_fixed_per_user_and_run()
    {
        int[] candidates = [0, 1, 2, 3, 4];
        var plan = BlindPairPlan.For("bob", Run, candidates);

        Assert.Equal(10, plan.Count);
        Assert.Equal(10, plan.Select(p => p.Normalised).Distinct().Count());
        Assert.All(plan, p => Assert.NotEqual(p.Left, p.Right));
        Assert.Equal(plan, BlindPairPlan.For("bob", Run, [4, 3, 2, 1, 0])); // same user and run: same order, whatever the input order
        Assert.NotEqual(plan, BlindPairPlan.For("carol", Run, candidates));
        Assert.NotEqual(plan, BlindPairPlan.For("bob", Guid.NewGuid(), candidates));
        // Sides are random too: not always the lower index on the left.
        Assert.Contains(plan, p => p.Left > p.Right);
        Assert.Contains(plan, p => p.Left < p.Right);
    }

    [Fact]
    public void The_seed_is_fixed_across_processes_and_one_candidate_gives_no_pairs()
    {
        // FNV-1a of "bob|6f1c7a5234a14c559a550d3c0f3b0a11" (computed apart): string.GetHashCode would differ per process.
        Assert.Equal(220119785, BlindPairPlan.Seed("bob", Run));
        Assert.Empty(BlindPairPlan.For("bob", Run, [0]));
    }
}
