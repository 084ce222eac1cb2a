using System.Diagnostics;
using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Search.Scorers;
using RearPlayground.Worker.Search.Warnings;

namespace RearPlayground.Tests.Search.Warnings;

/// <summary>
/// Scorers that say nothing, on candidates sampled from stories260K: each fake stands in for the run's scorer in
/// <see cref="BestOfN.Complete"/> (the Best-of-N path after sampling) and the run is checked as <see cref="SearchRunner"/>
/// checks every run. A constant score ties, a NaN or ∞ is not finite, a GenRM judge whose Yes and No tie or give no number is
/// degenerate; ordinary different scores warn of nothing.
/// </summary>
public class ScoreWarningsFakeScorerTests
{
    private static readonly SearchRequest Request = new("Once upon a time", "Tom was a cat who loved to eat fish.", N: 4, MaxTokens: 16, Seed: 3);

    /// <summary>A scorer that answers <paramref name="score"/> for the i-th path and ignores the model.</summary>
    private sealed class FakeScorer(string name, Func<int, double> score) : IPathScorer
    {
        public string Name => name;
        public double[] Score(LanguageModel model, ScoringContext context, IReadOnlyList<ScoredPath> paths, CancellationToken cancellationToken) =>
            [.. paths.Select((_, i) => score(i))];
    }

    /// <summary>A GenRM judge reading fixed Yes / No logits per path: its score is their difference, as GenRmScorer's is.</summary>
    private static FakeScorer Judge(params (float Yes, float No)[] logits) => new(GenRmScorer.ScorerName, i => (double)logits[i].Yes - logits[i].No);

    private static (SearchResult Result, List<SearchEvent> Events) Run(IPathScorer scorer)
    {
        var model = SharedModels.StoriesCpu;
        var contexts = ContextBuilder.Build(model, Request.Question, Request.Preference, Request.Separator);
        var (sequences, stats) = BatchGenerator.Generate(model, BestOfN.Generation(model, Request, contexts));
        var events = new List<SearchEvent>();
        var setup = new SearchSetup(contexts, scorer, new ScoringContext(Request.Question, Request.Preference, contexts));
        var result = BestOfN.Complete(model, Request, setup, sequences, stats, Stopwatch.StartNew(), events.Add, CancellationToken.None);
        Assert.True(result.Candidates.Select(c => c.Text).Distinct().Count() > 1, "the sampled texts differ");
        return (ScoreWarnings.Add(result with { Request = Request }), events);
    }

    private static string[] Codes(SearchResult r) => [.. r.Warnings.Select(w => w.Code)];

    [Fact]
    public void A_scorer_returning_a_constant_ties_every_candidate()
    {
        var (result, _) = Run(new FakeScorer("rear", _ => -1.0));
        Assert.Equal([RunWarning.ScoresTied], Codes(result));
        Assert.Contains("(-1)", result.Warnings[0].Message);
        Assert.Equal(0, result.Best);
        Assert.Equal(4, result.Candidates.Count);
    }

    [Fact]
    public void Scores_within_1e_6_tie_and_scores_further_apart_do_not()
    {
        Assert.Equal([RunWarning.ScoresTied], Codes(Run(new FakeScorer("rear", i => -2.0 + i * 3e-7)).Result));
        Assert.Empty(Run(new FakeScorer("rear", i => -2.0 + i * 1e-5)).Result.Warnings);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_score_that_is_not_finite_is_named(double bad)
    {
        var (result, _) = Run(new FakeScorer("rear", i => i == 2 ? bad : -i));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(RunWarning.ScoreNotFinite, warning.Code);
        Assert.Contains("Candidate 2 (", warning.Message);
        Assert.Equal(4, result.Candidates.Count);
    }

    [Fact]
    public void A_genrm_judge_tied_or_unreadable_on_every_candidate_is_degenerate()
    {
        var (result, _) = Run(Judge((3.5f, 3.5f), (float.NaN, 1f), (-2f, -2f), (0.25f, 0.25f)));
        Assert.Equal([RunWarning.ScoreNotFinite, RunWarning.GenRmDegenerate], Codes(result));
        Assert.Contains("GenRM", result.Warnings[1].Message);
    }

    [Fact]
    public void A_genrm_judge_that_always_ties_is_degenerate_and_tied()
    {
        var (result, _) = Run(Judge((1f, 1f), (-4f, -4f), (0f, 0f), (9f, 9f)));
        Assert.Equal([RunWarning.ScoresTied, RunWarning.GenRmDegenerate], Codes(result));
    }

    [Fact]
    public void A_genrm_judge_with_one_verdict_is_not_degenerate_nor_is_another_scorer_scoring_zero()
    {
        Assert.Empty(Run(Judge((1f, 1f), (2f, 0.5f), (0f, 0f), (1f, 1f))).Result.Warnings);
        Assert.DoesNotContain(RunWarning.GenRmDegenerate, Codes(Run(new FakeScorer("rear", _ => 0)).Result));
    }

    [Fact]
    public void Different_scores_warn_of_nothing()
    {
        var (result, events) = Run(new FakeScorer("rear", i => -i));
        Assert.Empty(result.Warnings);
        Assert.Empty(Assert.IsType<RunFinished>(events[^1]).Warnings);
    }
}
