using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine.Generation;
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
            Assert.Equal(SearchOutcome.Rescore(c, result.Rear), c.Score, 9);
        }
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
