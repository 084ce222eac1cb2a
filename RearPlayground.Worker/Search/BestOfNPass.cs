using System.Diagnostics;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Generation;
using RearPlayground.Worker.Engine.Sampling;
using RearPlayground.Worker.Search.Dvts;
using RearPlayground.Worker.Search.Events;
using RearPlayground.Worker.Search.Warnings;

namespace RearPlayground.Worker.Search;

/// <summary>One search of a pass: its request, where its events go, and what cancels it alone.</summary>
public sealed record PassItem(SearchRequest Request, Action<SearchEvent> Emit, CancellationToken Cancel = default);

/// <summary>An item's end: its result, or why it has none (a cancelled item: an <see cref="OperationCanceledException"/>).</summary>
public sealed record PassOutcome(SearchResult? Result, Exception? Error);

/// <summary>
/// Several Best-of-N searches (a batch's items) as ONE batched generation: k items × N candidates sampled together
/// (<see cref="PassGenerator"/>), then each item completed on its own as a single run is (<see cref="BestOfN.Complete"/>:
/// teacher forcing, scoring, its events in order, its greedy baseline, its score warnings). Each item's candidates are those a single run of its
/// request would sample (same seeds, same prompt pass); an item whose setup fails, or that is cancelled, fails alone.
/// </summary>
public static class BestOfNPass
{
    /// <summary>Whether a request can share a pass (Best-of-N or greedy, unguided); DVTS and guided sampling run alone.</summary>
    public static bool Fits(string? method, double? guidance = null) => guidance is null && method is "bon" or "greedy";

    public static PassOutcome[] Run(LanguageModel model, IReadOnlyList<PassItem> items, CancellationToken cancellationToken = default)
    {
        var outcomes = new PassOutcome?[items.Count];
        var started = new List<Started>();
        for (var i = 0; i < items.Count; i++)
        {
            try
            {
                started.Add(Begin(model, items[i], i));
            }
            catch (Exception e)
            {
                outcomes[i] = new PassOutcome(null, e);
            }
        }
        if (started.Count > 0)
        {
            var generated = PassGenerator.Generate(model, started.Select(s => s.Generation).ToArray(), cancellationToken,
                started.Select(s => (Action<IReadOnlyList<IReadOnlyList<int>>>?)s.Reporter.Observe).ToArray());
            for (var s = 0; s < started.Count; s++)
            {
                var one = started[s];
                var item = items[one.Index];
                try
                {
                    item.Cancel.ThrowIfCancellationRequested();
                    cancellationToken.ThrowIfCancellationRequested();
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, item.Cancel);
                    Candidate? baseline = null;
                    // As a single run: runFinished waits for the score warnings.
                    var finish = new WarnedFinish(item.Emit);
                    var emit = one.Request.IncludeGreedy
                        ? GreedyBaseline.Before(model, one.Request, finish.Events!, b => baseline = b, linked.Token)
                        : finish.Events!;
                    var (sequences, stats) = generated[s];
                    var result = BestOfN.Complete(model, one.Search, one.Setup, sequences, stats, one.Clock, emit, linked.Token);
                    outcomes[one.Index] = new PassOutcome(finish.Finish(result with { Request = one.Request, Greedy = baseline }), null);
                }
                catch (Exception e)
                {
                    outcomes[one.Index] = new PassOutcome(null, e);
                }
            }
        }
        return outcomes.Select(o => o!).ToArray();
    }

    private sealed record Started(int Index, SearchRequest Request, SearchRequest Search, SearchSetup Setup, GenerationRequest Generation,
        SamplingReporter Reporter, Stopwatch Clock);

    // As SearchRunner and BestOfN.Run begin a search: validate, resolve, build the contexts, announce the run.
    private static Started Begin(LanguageModel model, PassItem item, int index)
    {
        var request = item.Request;
        request.Validate();
        if (!Fits(request.Method, request.EffectiveGuidance)) throw new ArgumentException($"method '{request.Method}' cannot share a pass");
        request = DefaultStepRule.Resolve(model, request);
        var clock = Stopwatch.StartNew();
        // The greedy method is Best-of-N with one greedy candidate (as SearchRunner runs it); the run keeps its own request.
        var search = request.Method == "greedy" ? request with { N = 1, Sampling = SamplingOptions.Greedy } : request;
        var setup = SearchSetup.Begin(model, search, item.Emit);
        return new Started(index, request, search, setup, BestOfN.Generation(model, search, setup.Contexts),
            new SamplingReporter(model.Tokenizer, search.N, search.MaxTokens, item.Emit), clock);
    }
}
