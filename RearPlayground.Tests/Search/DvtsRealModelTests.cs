using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search;

namespace RearPlayground.Tests.Search;

/// <summary>DVTS on stories260K: incremental scores equal a from-scratch rescoring, and cost stays ~2 per token.</summary>
public class DvtsRealModelTests
{
    private static readonly SearchRequest Request = new("Once upon a time", "Tom was a cat who loved to eat fish.",
        N: 8, MaxTokens: 64, Seed: 4, Method: "dvts", M: 2, StepTokens: 8);

    [Fact]
    public void Completes_with_step_tokens_and_incremental_scores_equal_full_rescoring()
    {
        var model = SharedModels.StoriesCpu;
        var result = SearchRunner.Run(model, Request);
        Assert.Equal(4, result.Candidates.Count);
        var paths = result.Candidates.Select(c => c.TokenIds).ToArray();
        var without = TeacherForcer.Score(model, result.Contexts.Without, paths);
        var with = TeacherForcer.Score(model, result.Contexts.With, paths);
        for (var i = 0; i < paths.Length; i++)
        {
            var c = result.Candidates[i];
            Assert.True(c.TokenIds.Length > 8, "paths span several steps");
            for (var t = 0; t < c.TokenIds.Length; t++)
            {
                Assert.True(Math.Abs(without[i][t] - c.LogProbsWithout[t]) < 1e-4, $"cand {i} ℓ0[{t}]");
                Assert.True(Math.Abs(with[i][t] - c.LogProbsWith[t]) < 1e-4, $"cand {i} ℓp[{t}]");
            }
            Assert.Equal(Ranker.Score(c, result.Rear), c.Score, 9);
        }
    }

    [Fact]
    public void Default_settings_grow_a_tree_several_steps_deep_not_one_row_of_best_of_n()
    {
        // The Playground's and the CLI's defaults: N 16, M 4, 128 tokens, no step rule given.
        var result = SearchRunner.Run(SharedModels.StoriesCpu, new SearchRequest(Request.Question, Request.Preference, Method: "dvts"));
        Assert.True(result.Tree.Max(n => n.Depth) >= 2, $"deepest node at depth {result.Tree.Max(n => n.Depth)}");
        Assert.True(result.Tree.Count > 16, $"{result.Tree.Count} nodes: more than one row of 16");
        Assert.Contains(result.Candidates, c => c.TokenIds.Length > 16);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_search_that_ends_after_one_step_warns_that_it_was_best_of_n()
    {
        var events = new List<Worker.Search.Events.SearchEvent>();
        var result = SearchRunner.Run(SharedModels.StoriesCpu, Request with { MaxTokens = 8, StepTokens = 8 }, events.Add);
        Assert.All(result.Tree, n => Assert.Equal(1, n.Depth));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("single-step", warning.Code);
        Assert.Contains("single step", warning.Message);
        Assert.Contains("a step is 8 tokens and max tokens is 8", warning.Message);
        Assert.Equal(result.Warnings, Assert.IsType<Worker.Search.Events.RunFinished>(events[^1]).Warnings);
        // A Best-of-N has no steps to warn about.
        Assert.Empty(SearchRunner.Run(SharedModels.StoriesCpu, Request with { Method = "bon", MaxTokens = 8 }).Warnings);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(128)]
    public void Scored_positions_stay_within_2_1_per_generated_token(int maxTokens)
    {
        var result = SearchRunner.Run(SharedModels.StoriesCpu, Request with { MaxTokens = maxTokens, StepTokens = null, Stop = "." });
        Assert.True(result.Counts.GeneratedTokens > 0);
        Assert.True((double)result.Counts.ScoredPositions / result.Counts.GeneratedTokens <= 2.1);
        Assert.All(result.Candidates, c => Assert.True(c.FinishReason is FinishReason.Eos or FinishReason.Length));
    }
}
