using Microsoft.EntityFrameworkCore;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Campaigns;

/// <summary>What the dashboard, the item view and the export read.</summary>
public sealed partial class CampaignStore
{
    // Well under SQLite's limit on bound parameters per statement.
    private const int RunFactsChunk = 500;

    public async Task<IReadOnlyDictionary<Guid, RunFacts>> RunFactsAsync(IReadOnlyCollection<Guid> runIds, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var facts = new Dictionary<Guid, RunFacts>();
        foreach (var chunk in runIds.Distinct().Chunk(RunFactsChunk))
        {
            var counts = await db.Candidates.Where(c => chunk.Contains(c.RunId) && c.Baseline == null)
                .GroupBy(c => c.RunId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
            foreach (var run in await db.Runs.AsNoTracking().Where(r => chunk.Contains(r.Id))
                         .Select(r => new { r.Id, r.Status, r.Question, r.Method }).ToListAsync(cancellationToken))
                facts[run.Id] = new RunFacts(run.Status, run.Question, counts.GetValueOrDefault(run.Id), run.Method);
        }
        return facts;
    }

    public async Task<IReadOnlyList<CampaignJudgmentEntity>> ItemJudgmentsAsync(long itemId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.CampaignJudgments.AsNoTracking().Where(j => j.ItemId == itemId)
            .OrderBy(j => j.CreatedAt).ThenBy(j => j.Id).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CampaignItemEntity>> ItemsAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.CampaignItems.AsNoTracking().Where(i => i.CampaignId == campaignId).OrderBy(i => i.Id).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CampaignJudgmentEntity>> JudgmentsAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.CampaignJudgments.AsNoTracking().Where(j => j.CampaignId == campaignId)
            .OrderBy(j => j.ItemId).ThenBy(j => j.CreatedAt).ThenBy(j => j.Id).ToListAsync(cancellationToken);
    }

    public async Task<(int Items, int Judgments, IReadOnlyList<AnnotatorProgress> Progress)> CountsAsync(long campaignId,
        CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var k = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.ReviewsPerItem).SingleOrDefaultAsync(cancellationToken);
        // Arena ties (First = Second) are recorded, not work: they count in no figure of progress.
        var items = await db.CampaignItems.CountAsync(i => i.CampaignId == campaignId && (i.First == null || i.First != i.Second), cancellationToken);
        var judgments = await db.CampaignJudgments.CountAsync(j => j.CampaignId == campaignId && !j.Skipped, cancellationToken);
        // Assigned: what the annotator has done plus the items still open to them (unjudged by them, fewer than K judgments).
        var progress = await db.CampaignAnnotators.AsNoTracking().Where(a => a.CampaignId == campaignId).OrderBy(a => a.Annotator)
            .Select(a => new
            {
                a.Annotator,
                Done = db.CampaignJudgments.Count(j => j.CampaignId == campaignId && j.Annotator == a.Annotator),
                Open = db.CampaignItems.Count(i => i.CampaignId == campaignId && (i.First == null || i.First != i.Second)
                    && !db.CampaignJudgments.Any(j => j.ItemId == i.Id && j.Annotator == a.Annotator)
                    && db.CampaignJudgments.Count(j => j.ItemId == i.Id && !j.Skipped) < k),
            }).ToListAsync(cancellationToken);
        return (items, judgments, [.. progress.Select(p => new AnnotatorProgress(p.Annotator, p.Done, p.Done + p.Open))]);
    }
}
