using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Tests.Search;

/// <summary>
/// REAR-guided decoding on stories260K, a real model whose two contexts give different rows: λ_g = 1 and 0 are plain
/// sampling with and without the preference token for token, the stored ℓ0 / ℓp are what teacher forcing computes, and
/// Best-of-N and DVTS given guidance draw with it while no guidance leaves them as they were.
/// </summary>
public class GuidedSearchTests
{
    private static readonly SearchRequest Bon = new("Once upon a time", "Tom was a cat who loved to eat fish.", N: 6, MaxTokens: 40, Seed: 11);
    private static readonly SearchRequest Guided = Bon with { Method = "guided" };

    private static SearchResult Run(SearchRequest request) => SearchRunner.Run(SharedModels.StoriesCpu, request);

    private static IEnumerable<int[]> Tokens(SearchResult r) => r.Candidates.Select(c => c.TokenIds);

    [Fact]
    public void Guidance_one_is_plain_sampling_with_the_preference_and_zero_without_it_token_for_token()
    {
        var with = Run(Bon);
        var without = Run(Bon with { SampleWithPreference = false });
        Assert.NotEqual(Tokens(with), Tokens(without));
        Assert.Equal(Tokens(with), Tokens(Run(Guided with { Guidance = 1 })));
        Assert.Equal(Tokens(without), Tokens(Run(Guided with { Guidance = 0 })));
        // The guided run's ℓ0 / ℓp are the plain run's (sampled side and teacher-forced side) to float precision.
        var guided = Run(Guided with { Guidance = 1 });
        for (var i = 0; i < with.Candidates.Count; i++)
        {
            AssertClose(with.Candidates[i].LogProbsWith, guided.Candidates[i].LogProbsWith, 1e-5);
            AssertClose(with.Candidates[i].LogProbsWithout, guided.Candidates[i].LogProbsWithout, 1e-5);
        }
    }

    [Fact]
    public void Stored_log_probs_of_a_guided_run_equal_a_teacher_forced_rescoring_within_1e_5()
    {
        var result = Run(Guided);
        Assert.Equal("guided", result.Method);
        Assert.Equal(GuidanceMix.DefaultGuidance, result.Request!.Guidance);
        var tokens = result.Candidates.Select(c => c.TokenIds).ToArray();
        var without = TeacherForcer.Score(SharedModels.StoriesCpu, result.Contexts.Without, tokens);
        var with = TeacherForcer.Score(SharedModels.StoriesCpu, result.Contexts.With, tokens);
        for (var i = 0; i < tokens.Length; i++)
        {
            AssertClose(without[i], result.Candidates[i].LogProbsWithout, 1e-5);
            AssertClose(with[i], result.Candidates[i].LogProbsWith, 1e-5);
            // Ranked by REAR as usual: the stored score is S_REAR of those log-probs.
            Assert.Equal(RearScore.Compute(result.Candidates[i].LogProbsWithout, result.Candidates[i].LogProbsWith, new RearOptions(),
                result.Candidates[i].EndedWithEos), result.Candidates[i].Score, 9);
        }
        // Guidance 3 draws differently from plain sampling with the preference (same seed).
        Assert.NotEqual(Tokens(Run(Bon)), Tokens(result));
    }

    [Fact]
    public void Best_of_n_with_guidance_draws_what_the_guided_method_draws_and_streams_like_best_of_n()
    {
        var events = new List<SearchEvent>();
        var bon = SearchRunner.Run(SharedModels.StoriesCpu, Bon with { Guidance = 3 }, events.Add);
        Assert.Equal("bon", bon.Method);
        Assert.Equal(Tokens(Run(Guided)), Tokens(bon));
        Assert.Contains(events, e => e is PartialText);
        Assert.IsType<RunStarted>(events[0]);
        Assert.Equal(3, ((RunStarted)events[0]).Request.Guidance);
        Assert.Equal(6, events.OfType<CandidateFinished>().Count());
        // Without guidance nothing changed: the request carries none and the candidates are plain sampling's.
        var plain = Run(Bon);
        Assert.Null(plain.Request!.Guidance);
        Assert.Equal(Tokens(BestOfN.Run(SharedModels.StoriesCpu, Bon)), Tokens(plain));
    }

    [Fact]
    public void Dvts_with_guidance_one_reproduces_plain_dvts_and_guidance_three_keeps_exact_log_probs()
    {
        var dvts = Bon with { Method = "dvts", N = 4, M = 2, MaxTokens = 24, StepTokens = 6 };
        var plain = Run(dvts);
        var one = Run(dvts with { Guidance = 1 });
        Assert.Equal(Tokens(plain), Tokens(one));
        Assert.Equal(plain.Tree.Select(n => n.TokenIds), one.Tree.Select(n => n.TokenIds));

        var guided = Run(dvts with { Guidance = 3 });
        Assert.NotEqual(Tokens(plain), Tokens(guided));
        var tokens = guided.Candidates.Select(c => c.TokenIds).ToArray();
        var without = TeacherForcer.Score(SharedModels.StoriesCpu, guided.Contexts.Without, tokens);
        var with = TeacherForcer.Score(SharedModels.StoriesCpu, guided.Contexts.With, tokens);
        for (var i = 0; i < tokens.Length; i++)
        {
            AssertClose(without[i], guided.Candidates[i].LogProbsWithout, 1e-5);
            AssertClose(with[i], guided.Candidates[i].LogProbsWith, 1e-5);
        }
    }

    [Fact]
    public void Guidance_is_validated_like_lambda()
    {
        Assert.Throws<ArgumentException>(() => (Guided with { Guidance = double.NaN }).Validate());
        Assert.Throws<ArgumentException>(() => (Bon with { Guidance = double.PositiveInfinity }).Validate());
        Assert.Throws<ArgumentException>(() => (Bon with { Guidance = 2e6 }).Validate());
        (Guided with { Guidance = -7.5 }).Validate();
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var t = 0; t < expected.Length; t++)
            Assert.True(Math.Abs(expected[t] - actual[t]) <= tolerance, $"token {t}: {expected[t]} vs {actual[t]}");
    }
}
