using System.Diagnostics;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Search;

namespace RearPlayground.Worker.Eval;

/// <summary>
/// Runs every method on every item: per item, each distinct run once (so the Best-of-N baselines reuse
/// the bon-rear candidates), then each method picks its answer from its run and the checks score it.
/// </summary>
public static class EvalRunner
{
    public static EvalResult Run(LanguageModel model, IReadOnlyList<EvalItem> dataset, EvalSettings settings,
        Action<EvalProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        settings.Validate();
        settings = settings.ForModel(model);
        var items = settings.Limit is { } limit ? dataset.Take(limit).ToList() : dataset.ToList();
        if (items.Count == 0) throw new ArgumentException("the dataset has no items");
        var runs = EvalMethods.Runs(settings.Methods);
        var answers = new List<EvalAnswer>();
        var warnings = new Dictionary<(string Run, string Code), (int Count, string Message)>();
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < items.Count; i++)
        {
            var results = new Dictionary<EvalRun, (SearchResult Result, double Ms)>();
            for (var r = 0; r < runs.Count; r++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Invoke(new EvalProgress(i + 1, items.Count, runs[r].Name, r + 1, runs.Count));
                var watch = Stopwatch.StartNew();
                var result = SearchRunner.Run(model, settings.Request(items[i], i, runs[r]), cancellationToken: cancellationToken);
                results[runs[r]] = (result, watch.Elapsed.TotalMilliseconds);
                // Counted per code: a message can name the item's candidates; the first item's message stands for all.
                foreach (var w in result.Warnings)
                    warnings[(runs[r].Name, w.Code)] = warnings.TryGetValue((runs[r].Name, w.Code), out var seen) ? (seen.Count + 1, seen.Message) : (1, w.Message);
            }
            foreach (var method in settings.Methods)
            {
                var (result, ms) = results[method.Run];
                answers.Add(Answer(items[i], i, method, result, ms));
            }
        }

        var summaries = settings.Methods.Select(m => EvalSummary.Of(m,
            answers.Where(a => a.Method == m.Name).ToList(), settings.BootstrapResamples, settings.Seed)).ToList();
        return new EvalResult(settings, model.Name, model.Device, items, answers, summaries, clock.Elapsed.TotalMilliseconds)
        {
            Warnings = [.. warnings.Select(w => $"{w.Key.Run}, {w.Value.Count} of {items.Count} items: {w.Value.Message}")],
        };
    }

    private static EvalAnswer Answer(EvalItem item, int index, EvalMethod method, SearchResult result, double ms)
    {
        var pick = method.Pick(result);
        var candidate = result.Candidates[pick];
        // A rear run's own score is S_REAR; rescoring keeps genrm picks on the same scale for comparison.
        var rear = result.Scorer == "rear" ? candidate.Score : Ranker.Score(candidate, result.Rear);
        return new EvalAnswer(index, method.Name, candidate.Text, EvalChecks.Check(item, candidate.Text), candidate.TokenIds.Length,
            candidate.FinishReason.ToString().ToLowerInvariant(), pick, candidate.Score, rear, ms);
    }
}
