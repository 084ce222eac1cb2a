using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Search;

namespace RearPlayground.Tests.Engine.CacheExtension;

/// <summary>
/// Best-of-N, DVTS and GenRM on the length-only-mask export (teacher forcing from an empty cache, DVTS steps one
/// token at a time) against the same weights with a proper mask (the usual routes): the same tokens and log-probs.
/// </summary>
public class SearchRoutesTests(AttentionPairFixture pair) : IClassFixture<AttentionPairFixture>
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string, string, int?> Requests => new()
    {
        { "bon", "rear", null },
        { "dvts", "rear", 3 },
        { "dvts", "rear", null },
        { "bon", "genrm", null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Both_routes_give_the_same_candidates_and_log_probs(string method, string scorer, int? stepTokens)
    {
        var request = new SearchRequest(" once upon", " the cat", N: 8, MaxTokens: 20, Seed: 3, Separator: "\n\n",
            Method: method, Scorer: scorer, M: 2, StepTokens: stepTokens);
        var proper = SearchRunner.Run(pair.Proper, request);
        var lengthOnly = SearchRunner.Run(pair.LengthOnly, request);

        Assert.Equal(proper.Candidates.Count, lengthOnly.Candidates.Count);
        Assert.Equal(proper.Tree.Count, lengthOnly.Tree.Count);
        for (var i = 0; i < proper.Candidates.Count; i++)
        {
            var (a, b) = (proper.Candidates[i], lengthOnly.Candidates[i]);
            Assert.Equal(a.TokenIds, b.TokenIds);
            LengthOnlyMaskTests.AssertClose(a.LogProbsWithout, b.LogProbsWithout, Tolerance);
            LengthOnlyMaskTests.AssertClose(a.LogProbsWith, b.LogProbsWith, Tolerance);
            Assert.True(Math.Abs(a.Score - b.Score) <= 1e-3 || double.IsNegativeInfinity(a.Score) && double.IsNegativeInfinity(b.Score),
                $"candidate {i}: {a.Score} vs {b.Score}");
        }
        Assert.Equal(proper.Best, lengthOnly.Best);
        // The point of the test: these were real multi-token passes on the proper graph.
        Assert.True(pair.Proper.CanExtendCache);
        Assert.False(pair.LengthOnly.CanExtendCache);
        Assert.Contains(proper.Candidates, c => c.TokenIds.Length > 1);
    }
}
