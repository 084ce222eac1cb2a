using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Tests.Search;

/// <summary>DVTS's rules on a deterministic fake model: subtrees, steps, pruning, finishing, budget.</summary>
public class DvtsAlgorithmTests(MarkovFixture markov) : IClassFixture<MarkovFixture>
{
    [Fact]
    public void Runs_n_over_m_subtrees_each_expanding_m_children_per_iteration()
    {
        var (result, _) = markov.Run(MarkovFixture.Dvts(n: 12, m: 3));
        Assert.Equal(4, result.Candidates.Count);
        Assert.Equal(12, result.Tree.Count(n => n.Depth == 1));
        foreach (var group in result.Tree.GroupBy(n => (n.Subtree, n.Depth)))
            Assert.Equal(3, group.Count());
        Assert.Equal(Enumerable.Range(0, 4), result.Tree.Select(n => n.Subtree).Distinct().Order());
    }

    [Fact]
    public void Steps_end_at_the_stop_string_which_stays_in_the_text()
    {
        var (result, _) = markov.Run(MarkovFixture.Dvts());
        var stops = result.Tree.Where(n => n.FinishReason == FinishReason.Stop).ToArray();
        Assert.NotEmpty(stops);
        Assert.All(stops, n => Assert.EndsWith("\n\n", n.Text));
        Assert.All(stops, n => Assert.Equal(1, CountOccurrences(n.Text, "\n\n")));
        Assert.All(result.Tree.Where(n => n.FinishReason == FinishReason.Eos), n => Assert.Equal(markov.Files.EosId, n.TokenIds[^1]));
    }

    [Fact]
    public void Step_tokens_cut_every_step_that_did_not_end_otherwise()
    {
        var (result, _) = markov.Run(MarkovFixture.Dvts(stepTokens: 3) with { Stop = "" });
        Assert.All(result.Tree.Where(n => n.FinishReason == FinishReason.Stop), n => Assert.Equal(3, n.TokenIds.Length));
        Assert.All(result.Tree, n => Assert.True(n.TokenIds.Length <= 3 || n.Depth == 40));
    }

    [Fact]
    public void Keeps_the_best_child_per_subtree_and_prunes_the_rest()
    {
        var (result, events) = markov.Run(MarkovFixture.Dvts());
        var byId = result.Tree.ToDictionary(n => n.Id);
        foreach (var selected in events.OfType<NodeSelected>())
        {
            var kept = byId[selected.KeptId];
            var siblings = selected.PrunedIds.Select(id => byId[id]).ToArray();
            Assert.True(kept.Kept);
            Assert.All(siblings, s => Assert.False(s.Kept));
            Assert.All(siblings, s => Assert.True(s.Score <= kept.Score));
            Assert.All(siblings, s => Assert.Equal(kept.ParentId, s.ParentId));
        }
        // Pruned nodes never get children; every non-root parent is a kept node.
        Assert.All(result.Tree.Where(n => n.ParentId is not null), n => Assert.True(byId[n.ParentId!.Value].Kept));
    }

    [Fact]
    public void A_subtree_finishes_on_eos_or_at_the_token_limit_and_the_answer_is_the_best_path()
    {
        var (result, _) = markov.Run(MarkovFixture.Dvts(maxTokens: 12));
        foreach (var c in result.Candidates)
        {
            Assert.True(c.FinishReason == FinishReason.Eos || c.TokenIds.Length == 12, $"candidate {c.Index}: {c.FinishReason}, {c.TokenIds.Length} tokens");
            Assert.True(c.TokenIds.Length <= 12);
        }
        Assert.Equal(result.Candidates.Max(c => c.Score), result.Candidates[result.Best].Score);
    }

    [Fact]
    public void The_last_iteration_runs_without_the_stop_string()
    {
        var (result, _) = markov.Run(MarkovFixture.Dvts(maxSteps: 1, maxTokens: 30));
        Assert.All(result.Tree, n => Assert.NotEqual(FinishReason.Stop, n.FinishReason));
        Assert.All(result.Candidates, c => Assert.True(c.FinishReason == FinishReason.Eos || c.TokenIds.Length == 30));
    }

    [Fact]
    public void Never_exceeds_the_budget()
    {
        var request = MarkovFixture.Dvts(n: 8, m: 4, maxTokens: 20);
        var (result, events) = markov.Run(request);
        foreach (var depth in result.Tree.GroupBy(n => n.Depth)) Assert.True(depth.Count() <= request.N);
        Assert.All(result.Candidates, c => Assert.True(c.TokenIds.Length <= request.MaxTokens));
        Assert.True(result.Tree.Max(n => n.Depth) <= request.MaxSteps);
        Assert.Equal(result.Tree.Sum(n => n.TokenIds.Length), result.Counts.GeneratedTokens);
        Assert.Equal(result.Tree.Max(n => n.Depth), events.OfType<ProgressReported>().Count());
    }

    [Theory]
    [InlineData(8, 3)]
    [InlineData(5, 2)]
    public void M_must_divide_n(int n, int m)
    {
        var e = Assert.Throws<ArgumentException>(() => markov.Run(MarkovFixture.Dvts(n: n, m: m)));
        Assert.Contains("m must divide n", e.Message);
    }

    [Fact]
    public void Same_seed_same_tree()
    {
        var a = markov.Run(MarkovFixture.Dvts(seed: 5)).Result.Tree.Select(n => (n.Id, n.ParentId, string.Join(",", n.TokenIds)));
        var b = markov.Run(MarkovFixture.Dvts(seed: 5)).Result.Tree.Select(n => (n.Id, n.ParentId, string.Join(",", n.TokenIds)));
        Assert.Equal(a, b);
    }

    private static int CountOccurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
