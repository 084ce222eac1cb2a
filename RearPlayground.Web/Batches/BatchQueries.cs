using System.Collections.Concurrent;
using RearPlayground.Data.Batches;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Batches;
using RearPlayground.Worker.Batches.Report;

namespace RearPlayground.Web.Batches;

/// <summary>One item of a batch as the page and the API show it.</summary>
public sealed record BatchItemView(int Position, long DatasetItemId, string Question, Guid? RunId, RunStatus Status, string? Error);

/// <summary>A batch with its progress, ETA (seconds, from the mean duration of its finished runs), items and report.</summary>
public sealed record BatchView(BatchEntity Batch, string? Dataset, BatchProgress Progress, double? EtaSeconds, IReadOnlyList<BatchItemView> Items,
    BatchReport? Report)
{
    public IReadOnlyList<Guid> RunIds => [.. Items.Where(i => i.RunId is not null).Select(i => i.RunId!.Value)];
}

/// <summary>
/// Reads batches for the API and the pages. The report of an ended batch is its stored one; while it runs, it is computed
/// from the runs so far when items finished since, at most once per second and per ten times its cost (cached), so a page
/// polling it does not recompute it each time.
/// </summary>
public sealed class BatchQueries(BatchStore batches, IRunStore runs, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, (int Done, BatchReport Report, long At, TimeSpan Cost)> _live = new();

    // A live report reads every run so far: recomputed at most once per ten times its own cost (and per second), so a
    // watcher polling a large batch takes a tenth of the CPU at most, not most of it (the batch benchmark measured that).
    private static TimeSpan LiveReportPause(TimeSpan cost) => TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, cost.Ticks * 10));

    public async Task<BatchView?> FindAsync(Guid id, bool withReport = true, CancellationToken ct = default)
    {
        var batch = await batches.FindAsync(id, ct);
        if (batch is null) return null;
        var progress = (await batches.ProgressAsync([id], ct))[id];
        var sources = await batches.BatchDatasetItemsAsync(id, ct);
        var items = (await batches.ItemsAsync(id, ct))
            .Select(i => new BatchItemView(i.Position, i.DatasetItemId, sources[i.DatasetItemId].Question, i.RunId, i.Status, i.Error)).ToList();
        var dataset = (await batches.DatasetAsync(batch.DatasetId, ct))?.Name;
        var report = withReport ? await ReportAsync(batch, progress, ct) : null;
        return new BatchView(batch, dataset, progress, await EtaAsync(batch, progress, ct), items, report);
    }

    public async Task<IReadOnlyList<(BatchEntity Batch, string? Dataset, BatchProgress Progress)>> ListAsync(CancellationToken ct = default)
    {
        var list = await batches.ListAsync(ct: ct);
        var progress = await batches.ProgressAsync([.. list.Select(b => b.Id)], ct);
        var names = new Dictionary<long, string?>();
        foreach (var datasetId in list.Select(b => b.DatasetId).Distinct()) names[datasetId] = (await batches.DatasetAsync(datasetId, ct))?.Name;
        return [.. list.Select(b => (b, names[b.DatasetId], progress[b.Id]))];
    }

    /// <summary>Recomputes the report from the stored runs; an ended batch keeps the new one.</summary>
    public async Task<BatchReport?> RecomputeAsync(Guid id, CancellationToken ct = default)
    {
        if (await batches.FindAsync(id, ct) is not { } batch) return null;
        var report = await BatchReporter.ComputeAsync(batch, batches, runs, time, ct);
        if (batch.Status.IsTerminal()) await batches.SetReportAsync(id, report.ToJson(), ct);
        return report;
    }

    private async Task<BatchReport?> ReportAsync(BatchEntity batch, BatchProgress progress, CancellationToken ct)
    {
        if (batch.Status.IsTerminal() && BatchReport.FromJson(batch.ReportJson) is { } stored) return stored;
        if (progress.Succeeded == 0) return null;
        var now = time.GetTimestamp();
        if (_live.TryGetValue(batch.Id, out var cached)
            && (cached.Done == progress.Done || time.GetElapsedTime(cached.At, now) < LiveReportPause(cached.Cost))) return cached.Report;
        var report = await BatchReporter.ComputeAsync(batch, batches, runs, time, ct);
        _live[batch.Id] = (progress.Done, report, now, time.GetElapsedTime(now));
        return report;
    }

    private async Task<double?> EtaAsync(BatchEntity batch, BatchProgress progress, CancellationToken ct)
    {
        if (batch.Status.IsTerminal() || progress.Pending == 0) return batch.Status.IsTerminal() ? 0 : null;
        var durations = (await batches.RunsAsync(batch.Id, ct))
            .Where(r => r.StartedAt is not null && r.FinishedAt is not null).Select(r => (r.FinishedAt!.Value - r.StartedAt!.Value).TotalSeconds).ToList();
        return durations.Count == 0 ? null : durations.Average() * progress.Pending;
    }

    /// <summary>
    /// Two batches side by side: the settings that differ (dataset, range, selectors, answer rule and each run field) and
    /// per selector B − A on the items both judged, with a paired bootstrap interval. Null when either is missing.
    /// </summary>
    public async Task<BatchComparison?> CompareAsync(Guid a, Guid b, CancellationToken ct = default)
    {
        if (await FindAsync(a, true, ct) is not { } va || await FindAsync(b, true, ct) is not { } vb) return null;
        var deltas = BatchStatistics.Compare([.. (va.Report?.Items ?? []).Select(i => i.ToResult())],
            [.. (vb.Report?.Items ?? []).Select(i => i.ToResult())]);
        return new BatchComparison(va, vb, BatchSettingsDiff.Of(va.Batch, vb.Batch), deltas);
    }
}

/// <summary>A setting of two batches that differs.</summary>
public sealed record SettingDifference(string Field, string? A, string? B);

public sealed record BatchComparison(BatchView A, BatchView B, IReadOnlyList<SettingDifference> Settings, IReadOnlyList<SelectorDelta> Selectors);
