using RearPlayground.Data.Batches;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Batches.Report;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Rear;

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
        var pools = new List<JudgedPool>();
        var outcomes = new List<BatchItemOutcome>();
        var succeeded = 0;
        foreach (var item in items)
        {
            if (item.RunId is not { } runId || await runs.FindAsync(runId, ct) is not { Status: RunStatus.Succeeded } run) continue;
            succeeded++;
            var request = RunRequest.FromJson(run.RequestJson) ?? settings.Request;
            var rows = (await runs.CandidatesAsync(runId, ct)).Concat(await runs.BaselinesAsync(runId, ct));
            var source = datasetItems[item.DatasetItemId];
            var truth = ItemTruth.From(source.Answer, source.MetadataJson);
            if (JudgedPool.Judge(rows, request.Seed, RearOptionsOf(request), truth, judge) is not { } pool) continue;
            pools.Add(pool);
            var result = pool.Result(BatchSettings.ItemKey(source));
            outcomes.Add(new BatchItemOutcome(item.Position, runId, result.Item, result.Correct, result.Picks));
        }
        var names = settings.Selectors;
        var accuracy = BatchStatistics.Accuracy([.. outcomes.Select(o => o.ToResult())], names);
        var curve = AccuracyCurve.Compute(pools).Where(c => names is null || names.Contains(c.Selector)).ToList();
        return new BatchReport(accuracy, curve, outcomes, outcomes.Count, succeeded, (time ?? TimeProvider.System).GetUtcNow());
    }

    /// <summary>The run's own λ, γ, aggregation and EOS rule.</summary>
    public static RearOptions RearOptionsOf(RunRequest request)
    {
        var aggregation = Enum.GetValues<Aggregation>().FirstOrDefault(a => a.Name() == request.Agg.Trim().ToLowerInvariant());
        return new RearOptions(request.Lambda, request.Gamma, aggregation, request.ScoreEos);
    }
}
