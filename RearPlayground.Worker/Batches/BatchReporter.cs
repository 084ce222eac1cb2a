using RearPlayground.Data.Batches;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Batches.Report;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Rear;
using RearPlayground.Worker.Selection;

namespace RearPlayground.Worker.Batches;

/// <summary>
/// Builds a batch's report from its stored runs alone (no model): per succeeded item, its candidate rows (the greedy
/// baseline row too) judged once (<see cref="JudgedPool"/>) at the run's own λ, γ and aggregation, then accuracy per
/// selector with bootstrap intervals and accuracy against N.
/// </summary>
public static class BatchReporter
{
    public static async Task<BatchReport> ComputeAsync(BatchEntity batch, BatchStore batches, IRunStore runs, TimeProvider? time = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var settings = BatchSettings.Of(batch);
        var judge = new ItemJudge(settings.Answer);
        var items = await batches.ItemsAsync(batch.Id, ct);
        var datasetItems = await batches.BatchDatasetItemsAsync(batch.Id, ct);
        var judged = new List<JudgedItem>();
        var succeeded = 0;
        foreach (var item in items)
        {
            if (item.RunId is not { } runId || await runs.FindAsync(runId, ct) is not { Status: RunStatus.Succeeded } run) continue;
            succeeded++;
            var request = RunRequest.FromJson(run.RequestJson) ?? settings.Request;
            var rows = (await runs.CandidatesAsync(runId, ct)).Concat(await runs.BaselinesAsync(runId, ct)).ToList();
            var greedyText = rows.FirstOrDefault(r => r.Baseline == Baselines.Greedy)?.Text;
            var source = datasetItems[item.DatasetItemId];
            if (Judge(SelectorPool.From(rows, request.Seed), greedyText, request, source.Answer, source.MetadataJson, judge) is { } pool)
                judged.Add(new JudgedItem(item.Position, runId, BatchSettings.ItemKey(source), pool));
        }
        return Assemble(judged, succeeded, settings.Selectors, (time ?? TimeProvider.System).GetUtcNow());
    }

    /// <summary>
    /// One item's pool judged at its run's λ, γ and aggregation against its reference answer or rule checks (read from its
    /// metadata); null when it cannot be judged. The stored runs (above) and the CLI's in-process searches
    /// (<see cref="SelectorPool.From(Search.SearchResult)"/>) both come through here.
    /// </summary>
    public static JudgedPool? Judge(SelectorPool pool, string? greedyText, RunRequest request, string? answer, string? metadataJson, ItemJudge judge) =>
        JudgedPool.Judge(pool, RearOptionsOf(request), ItemTruth.From(answer, metadataJson), judge, greedyText);

    /// <summary>The report of judged items: their outcomes, accuracy per selector with intervals and accuracy against N.</summary>
    /// <param name="runs">Items whose run succeeded (judged or not).</param>
    /// <param name="selectors">The selectors to report; null: all of <see cref="ReportSelectors.Names"/>.</param>
    public static BatchReport Assemble(IReadOnlyList<JudgedItem> judged, int runs, IReadOnlyList<string>? selectors, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(judged);
        var outcomes = judged.Select(j =>
        {
            var result = j.Pool.Result(j.Key);
            return new BatchItemOutcome(j.Position, j.RunId, result.Item, result.Correct, result.Picks);
        }).ToList();
        var accuracy = BatchStatistics.Accuracy([.. outcomes.Select(o => o.ToResult())], selectors);
        var curve = AccuracyCurve.Compute([.. judged.Select(j => j.Pool)]).Where(c => selectors is null || selectors.Contains(c.Selector)).ToList();
        return new BatchReport(accuracy, curve, outcomes, outcomes.Count, runs, at);
    }

    /// <summary>The run's own λ, γ, aggregation and EOS rule.</summary>
    public static RearOptions RearOptionsOf(RunRequest request)
    {
        var aggregation = Enum.GetValues<Aggregation>().FirstOrDefault(a => a.Name() == request.Agg.Trim().ToLowerInvariant());
        return new RearOptions(request.Lambda, request.Gamma, aggregation, request.ScoreEos);
    }
}

/// <summary>One judged item of a report: its position, its run (<see cref="Guid.Empty"/> for the CLI's unstored runs), its key and pool.</summary>
public sealed record JudgedItem(int Position, Guid RunId, string Key, JudgedPool Pool);
