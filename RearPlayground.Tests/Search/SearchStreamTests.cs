using RearPlayground.Tests.Support;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Search.Events;

namespace RearPlayground.Tests.Search;

/// <summary>The event stream: complete, ordered, exactly one terminal event, cancellable mid-search.</summary>
public class SearchStreamTests(MarkovFixture markov) : IClassFixture<MarkovFixture>
{
    private static async Task<List<SearchEvent>> Collect(IAsyncEnumerable<SearchEvent> stream)
    {
        var events = new List<SearchEvent>();
        await foreach (var e in stream) events.Add(e);
        return events;
    }

    [Theory]
    [InlineData("dvts")]
    [InlineData("bon")]
    [InlineData("greedy")]
    public async Task Every_node_follows_its_parent_and_one_terminal_event_ends_the_stream(string method)
    {
        var events = await Collect(SearchStream.RunAsync(markov.Model, MarkovFixture.Dvts() with { Method = method }));
        Assert.IsType<RunStarted>(events[0]);
        Assert.IsType<RunFinished>(events[^1]);
        Assert.Single(events, e => e.IsTerminal);
        var seen = new HashSet<int>();
        foreach (var node in events.OfType<NodeExpanded>())
        {
            if (node.ParentId is { } parent) Assert.Contains(parent, seen);
            Assert.True(seen.Add(node.NodeId), $"node {node.NodeId} twice");
        }
        var finished = (RunFinished)events[^1];
        Assert.Contains(finished.BestNodeId, seen);
        var candidates = events.OfType<CandidateFinished>().ToArray();
        Assert.All(candidates, c => Assert.Contains(c.NodeId, seen));
        Assert.Equal(method == "dvts" ? 4 : method == "bon" ? 8 : 1, candidates.Length);
        if (method != "dvts") Assert.All(events.OfType<NodeExpanded>(), n => Assert.Null(n.ParentId));
    }

    [Fact]
    public async Task Cancelling_mid_search_ends_with_a_cancelled_event()
    {
        using var cts = new CancellationTokenSource();
        var events = new List<SearchEvent>();
        var request = MarkovFixture.Dvts(n: 16, m: 4, maxTokens: 4000, stepTokens: 2) with { IgnoreEos = true, MaxSteps = 2000 };
        await foreach (var e in SearchStream.RunAsync(markov.Model, request, cts.Token))
        {
            events.Add(e);
            if (e is ProgressReported { Step: 3 }) cts.Cancel();
        }
        Assert.IsType<RunCancelled>(events[^1]);
        Assert.Single(events, e => e.IsTerminal);
        Assert.DoesNotContain(events, e => e is RunFinished);
        // The reader lags the search by at most the channel's capacity; the search itself stops within one model call.
        Assert.True(events.OfType<ProgressReported>().Max(p => p.Step) < request.MaxSteps, "stopped before finishing");
        Assert.True(events.Count(e => e is ProgressReported) <= 3 + SearchStream.Capacity, "stopped soon after the request");
    }

    [Fact]
    public async Task Invalid_requests_fail_with_a_message()
    {
        var events = await Collect(SearchStream.RunAsync(markov.Model, MarkovFixture.Dvts(n: 6, m: 4)));
        var failed = Assert.IsType<RunFailed>(Assert.Single(events));
        Assert.Contains("m must divide n", failed.Message);
    }

    [Fact]
    public void Progress_reports_steps_tokens_and_throughput()
    {
        var (result, events) = markov.Run(MarkovFixture.Dvts());
        var progress = events.OfType<ProgressReported>().ToArray();
        Assert.Equal(Enumerable.Range(1, progress.Length), progress.Select(p => p.Step));
        Assert.All(progress, p => Assert.Equal(40, p.MaxSteps));
        Assert.Equal(result.Counts.GeneratedTokens, progress[^1].GeneratedTokens);
        Assert.All(progress, p => Assert.True(p.TokensPerSecond > 0));
    }
}
