using RearPlayground.Tests.Support;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Tests.Search;

/// <summary>
/// Several items' Best-of-N searches as one batched generation (a batch's pass) give each item exactly what a single run of
/// its request gives: the same candidates (token ids), the same ℓ0/ℓp and scores (within float noise), the same events in order.
/// </summary>
public class BestOfNPassTests
{
    private const string Fish = "Tom was a cat who loved to eat fish.";

    // Prompts of different lengths (so the pass pads), different seeds, and the variants a batch can hold.
    private static readonly SearchRequest[] Requests =
    [
        new("Once upon a time", Fish, N: 6, MaxTokens: 40, Seed: 11),
        new("Lily went to the park with her mom and saw a big red ball", Fish, N: 6, MaxTokens: 40, Seed: 12),
        new("The dog", "Sue liked to sing.", N: 6, MaxTokens: 40, Seed: 13, IncludeGreedy: true),
        new("One day", Fish, N: 4, MaxTokens: 24, Seed: 14, SampleWithPreference: false),
        new("Ben had a toy car", Fish, Method: "greedy", N: 1, MaxTokens: 30, Seed: 15),
    ];

    [Fact]
    public void Items_sampled_together_equal_single_runs_with_their_seeds()
    {
        var model = SharedModels.StoriesCpu;
        var events = Requests.Select(_ => new List<SearchEvent>()).ToArray();
        var outcomes = BestOfNPass.Run(model, Requests.Select((r, i) => new PassItem(r, events[i].Add)).ToArray());

        for (var i = 0; i < Requests.Length; i++)
        {
            var alone = new List<SearchEvent>();
            var single = SearchRunner.Run(model, Requests[i], alone.Add);
            Assert.Null(outcomes[i].Error);
            var together = outcomes[i].Result!;
            Assert.Equal(single.Candidates.Count, together.Candidates.Count);
            for (var c = 0; c < single.Candidates.Count; c++)
            {
                var (a, b) = (single.Candidates[c], together.Candidates[c]);
                Assert.Equal(a.TokenIds, b.TokenIds);
                Assert.Equal(a.FinishReason, b.FinishReason);
                Assert.True(Math.Abs(a.Score - b.Score) < 1e-4, $"item {i} candidate {c}: {a.Score} vs {b.Score}");
                for (var t = 0; t < a.TokenIds.Length; t++)
                {
                    Assert.True(Math.Abs(a.LogProbsWithout[t] - b.LogProbsWithout[t]) < 1e-4, $"item {i} candidate {c} ℓ0 {t}");
                    Assert.True(Math.Abs(a.LogProbsWith[t] - b.LogProbsWith[t]) < 1e-4, $"item {i} candidate {c} ℓp {t}");
                }
            }
            Assert.Equal(single.Best, together.Best);
            Assert.Equal(single.Greedy?.TokenIds, together.Greedy?.TokenIds);
            Assert.Equal(single.Request, together.Request);
            // The same events in the same order (sampling progress is paced by the clock, so it is left out).
            Assert.Equal(Kinds(alone), Kinds(events[i]));
            Assert.IsType<RunFinished>(events[i][^1]);
        }
        Assert.True(Requests.Select(r => r.Question).Distinct().Count() == Requests.Length);
    }

    [Fact]
    public void An_item_gets_the_score_warnings_a_single_run_gets_and_its_run_finished_carries_them()
    {
        var model = SharedModels.StoriesCpu;
        // Top-k 1: every candidate is the greedy text, so they are identical and tie; the other item is ordinary.
        var narrow = Requests[0] with { Sampling = new Worker.Engine.Sampling.SamplingOptions(TopK: 1) };
        var events = new[] { new List<SearchEvent>(), new List<SearchEvent>() };
        var outcomes = BestOfNPass.Run(model, [new PassItem(narrow, events[0].Add), new PassItem(Requests[1], events[1].Add)]);

        var codes = outcomes[0].Result!.Warnings.Select(w => w.Code).ToArray();
        Assert.Equal(SearchRunner.Run(model, narrow).Warnings.Select(w => w.Code), codes);
        Assert.Contains("identical-candidates", codes);
        Assert.Contains("scores-tied", codes);
        Assert.Equal(outcomes[0].Result!.Warnings, Assert.IsType<RunFinished>(events[0][^1]).Warnings);
        Assert.Empty(outcomes[1].Result!.Warnings);
        Assert.Empty(Assert.IsType<RunFinished>(events[1][^1]).Warnings);
        Assert.Single(events[0].OfType<RunFinished>());
    }

    [Fact]
    public void An_item_that_cannot_start_or_is_cancelled_fails_alone()
    {
        var model = SharedModels.StoriesCpu;
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var items = new[]
        {
            new PassItem(Requests[0], _ => { }),
            new PassItem(Requests[1] with { MaxTokens = 1_000_000 }, _ => { }),
            new PassItem(Requests[3], _ => { }, cancel.Token),
            new PassItem(Requests[0] with { Method = "dvts", M = 2 }, _ => { }),
        };
        var outcomes = BestOfNPass.Run(model, items);
        Assert.Equal(SearchRunner.Run(model, Requests[0]).Candidates.Select(c => c.TokenIds), outcomes[0].Result!.Candidates.Select(c => c.TokenIds));
        Assert.NotNull(outcomes[1].Error);
        Assert.IsAssignableFrom<OperationCanceledException>(outcomes[2].Error);
        Assert.NotNull(outcomes[3].Error);
    }

    private static string[] Kinds(IEnumerable<SearchEvent> events) =>
        events.Where(e => e is not ProgressReported and not PartialText).Select(e => e.GetType().Name).ToArray();
}
