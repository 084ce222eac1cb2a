using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Search.Warnings;

namespace RearPlayground.Tests.Search.Warnings;

/// <summary>
/// Warnings from crafted runs on stories260K through <see cref="SearchRunner"/> (the CLI's and the jobs' way in): top-k 1
/// samples one text N times, so the candidates are identical and tie, for Best-of-N and DVTS with every scorer; no preference
/// leaves both contexts the same tokens. Ordinary runs warn of nothing. Each warning is in the result and in runFinished,
/// and the result is whole.
/// </summary>
public class ScoreWarningsRealModelTests
{
    private static readonly SearchRequest Ordinary = new("Once upon a time", "Tom was a cat who loved to eat fish.", N: 4, MaxTokens: 24, Seed: 7);

    private static (SearchResult Result, RunFinished Finished) Run(SearchRequest request)
    {
        var events = new List<SearchEvent>();
        var result = SearchRunner.Run(SharedModels.StoriesCpu, request, events.Add);
        var finished = Assert.IsType<RunFinished>(events[^1]);
        Assert.Single(events.OfType<RunFinished>());
        Assert.Equal(result.Warnings, finished.Warnings);
        return (result, finished);
    }

    private static string[] Codes(SearchResult r) => [.. r.Warnings.Select(w => w.Code)];

    [Theory]
    [InlineData("bon", "rear")]
    [InlineData("bon", "likelihood")]
    [InlineData("bon", "genrm")]
    [InlineData("dvts", "rear")]
    [InlineData("dvts", "genrm")]
    public void Top_k_1_gives_identical_candidates_that_tie(string method, string scorer)
    {
        var (result, _) = Run(Ordinary with { Sampling = new SamplingOptions(TopK: 1), Method = method, Scorer = scorer, M = 2, StepTokens = 8 });

        Assert.Equal([RunWarning.IdenticalCandidates, RunWarning.ScoresTied], Codes(result));
        Assert.True(result.Candidates.Count >= 2);
        Assert.Single(result.Candidates.Select(c => c.Text).Distinct());
        // The warning never hides the result: the candidates and the pick (the first of the tie) stay.
        Assert.Equal(0, result.Best);
        Assert.Contains($"{result.Candidates.Count} candidates", result.Warnings[0].Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_preference_leaves_the_contexts_equal(string? preference)
    {
        var (result, _) = Run(Ordinary with { Preference = preference });

        Assert.True(result.Contexts.Identical);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(RunWarning.PreferenceEmpty, warning.Code);
        Assert.Contains("No preference was given", warning.Message);
        Assert.Equal(4, result.Candidates.Count);
    }

    [Theory]
    [InlineData("greedy", "rear")]
    [InlineData("bon", "rear")]
    [InlineData("bon", "likelihood")]
    [InlineData("bon", "genrm")]
    [InlineData("dvts", "rear")]
    [InlineData("dvts", "likelihood")]
    [InlineData("dvts", "genrm")]
    public void Ordinary_runs_warn_of_nothing(string method, string scorer)
    {
        var (result, finished) = Run(Ordinary with { Method = method, Scorer = scorer, M = 2, StepTokens = 8, IncludeGreedy = method != "greedy" });

        Assert.Empty(result.Warnings);
        Assert.Empty(finished.Warnings);
        Assert.True(result.Candidates.Select(c => c.Score).Distinct().Count() == result.Candidates.Count, "ordinary scores differ");
    }
}
