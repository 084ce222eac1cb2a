using System.Data;
using Microsoft.EntityFrameworkCore;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Campaigns;

/// <summary>
/// <see cref="ICampaignStore"/> on SQLite, a singleton like the other stores: one short-lived context per call. The
/// assignment and the judgment writes begin Serializable transactions, which Microsoft.Data.Sqlite starts with BEGIN
/// IMMEDIATE: the write lock is held from the first read, so the counts they check cannot change before they commit.
/// </summary>
public sealed partial class CampaignStore(IDbContextFactory<RearDbContext> factory) : ICampaignStore
{
    public async Task<long> CreateAsync(CampaignEntity campaign, IReadOnlyList<string> annotators, IReadOnlyList<CampaignItemEntity> items,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(cancellationToken);
        db.CampaignAnnotators.AddRange(annotators.Distinct().Select(a => new CampaignAnnotatorEntity { CampaignId = campaign.Id, Annotator = a }));
        foreach (var item in items) item.CampaignId = campaign.Id;
        db.CampaignItems.AddRange(items);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return campaign.Id;
    }

    public async Task<CampaignEntity?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<CampaignEntity>> ListAsync(string? member, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var campaigns = db.Campaigns.AsNoTracking();
        if (member is not null)
            campaigns = campaigns.Where(c => db.CampaignAnnotators.Any(a => a.CampaignId == c.Id && a.Annotator == member));
        return await campaigns.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> AnnotatorsAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.CampaignAnnotators.AsNoTracking().Where(a => a.CampaignId == campaignId)
            .OrderBy(a => a.Annotator).Select(a => a.Annotator).ToListAsync(cancellationToken);
    }

    public async Task<CampaignItemEntity?> ItemAsync(long campaignId, long itemId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.CampaignItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId && i.CampaignId == campaignId, cancellationToken);
    }

    public async Task<CampaignItemEntity?> NextAsync(long campaignId, string annotator, DateTimeOffset now, TimeSpan leaseTime,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(annotator);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var campaign = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null || campaign.Status != CampaignTasks.Open) return null;
        var k = campaign.ReviewsPerItem;
        // A reload gives back the item the caller already holds (its lease renewed), rather than a second one.
        var held = await db.CampaignLeases.Where(l => l.CampaignId == campaignId && l.Annotator == annotator && l.ExpiresAt > now
                && !db.CampaignJudgments.Any(j => j.ItemId == l.ItemId && j.Annotator == annotator))
            .OrderBy(l => l.ItemId).Select(l => (long?)l.ItemId).FirstOrDefaultAsync(cancellationToken);
        var itemId = held ?? await BegunAsync(db, campaignId, annotator, k, now, cancellationToken)
            ?? await UntouchedAsync(db, campaignId, annotator, now, cancellationToken);
        if (itemId is not { } id) return null;
        var expires = now + leaseTime;
        var lease = await db.CampaignLeases.SingleOrDefaultAsync(l => l.ItemId == id && l.Annotator == annotator, cancellationToken);
        if (lease is null) db.CampaignLeases.Add(new CampaignLeaseEntity { ItemId = id, Annotator = annotator, CampaignId = campaignId, ExpiresAt = expires });
        else lease.ExpiresAt = expires;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await db.CampaignItems.AsNoTracking().SingleAsync(i => i.Id == id, cancellationToken);
    }

    /// <summary>
    /// The best begun item for the caller: one with judgments or others' live leases but room left, most judgments first,
    /// then most leases, then campaign order. Only the unfinished items' ids are gathered (a GROUP BY over the campaign's
    /// judgments and its live leases) before counting per item: scoring all of a 10,000-item campaign's items on every
    /// call was what made /next slow.
    /// </summary>
    private static Task<long?> BegunAsync(RearDbContext db, long campaignId, string annotator, int k, DateTimeOffset now, CancellationToken ct)
    {
        var unfinished = db.CampaignJudgments.Where(j => j.CampaignId == campaignId && !j.Skipped)
            .GroupBy(j => j.ItemId).Where(g => g.Count() < k).Select(g => g.Key)
            .Union(db.CampaignLeases.Where(l => l.CampaignId == campaignId && l.Annotator != annotator && l.ExpiresAt > now).Select(l => l.ItemId));
        return db.CampaignItems.Where(i => i.CampaignId == campaignId && unfinished.Contains(i.Id) && (i.First == null || i.First != i.Second)
                && !db.CampaignJudgments.Any(j => j.ItemId == i.Id && j.Annotator == annotator))
            .Select(i => new
            {
                i.Id,
                Done = db.CampaignJudgments.Count(j => j.ItemId == i.Id && !j.Skipped),
                Leased = db.CampaignLeases.Count(l => l.ItemId == i.Id && l.Annotator != annotator && l.ExpiresAt > now),
            })
            .Where(x => x.Done < k && x.Done + x.Leased < k)
            // Closest to completion first, so items finish rather than all starting; then in campaign order.
            .OrderByDescending(x => x.Done).ThenByDescending(x => x.Leased).ThenBy(x => x.Id)
            .Select(x => (long?)x.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Else the first item in campaign order that nobody has judged (skips aside), the caller has not skipped, and nobody
    /// else holds: the walk stops at the first one, past the finished items before it.
    /// </summary>
    private static Task<long?> UntouchedAsync(RearDbContext db, long campaignId, string annotator, DateTimeOffset now, CancellationToken ct) =>
        // An arena tie (First = Second) is recorded without asking anyone: never handed out.
        db.CampaignItems.Where(i => i.CampaignId == campaignId && (i.First == null || i.First != i.Second)
                && !db.CampaignJudgments.Any(j => j.ItemId == i.Id && (!j.Skipped || j.Annotator == annotator))
                && !db.CampaignLeases.Any(l => l.ItemId == i.Id && l.Annotator != annotator && l.ExpiresAt > now))
            .OrderBy(i => i.Id).Select(i => (long?)i.Id).FirstOrDefaultAsync(ct);

    public async Task<JudgeOutcome> JudgeAsync(JudgmentWrite write, bool replace, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var campaign = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == write.CampaignId, cancellationToken);
        // An arena tie (First = Second) is recorded without asking anyone: it is no item to judge.
        if (campaign is null || !await db.CampaignItems.AnyAsync(i => i.Id == write.ItemId && i.CampaignId == write.CampaignId
                && (i.First == null || i.First != i.Second), cancellationToken))
            return JudgeOutcome.NotFound;
        if (campaign.Status != CampaignTasks.Open) return JudgeOutcome.Closed;
        var own = await db.CampaignJudgments.SingleOrDefaultAsync(j => j.ItemId == write.ItemId && j.Annotator == write.Annotator, cancellationToken);
        if (own is not null && !replace) return JudgeOutcome.AlreadyJudged;
        if (own is null && replace) return JudgeOutcome.NotJudged;
        // A lease that expired may have gone to someone else who filled the item: K stays the ceiling.
        if (!write.Skipped && (own is null || own.Skipped)
            && await db.CampaignJudgments.CountAsync(j => j.ItemId == write.ItemId && !j.Skipped, cancellationToken) >= campaign.ReviewsPerItem)
            return JudgeOutcome.Full;
        if (own is null)
        {
            own = new CampaignJudgmentEntity
            {
                CampaignId = write.CampaignId, ItemId = write.ItemId, Annotator = write.Annotator, OrderJson = write.OrderJson, CreatedAt = now,
            };
            db.CampaignJudgments.Add(own);
        }
        else own.UpdatedAt = now;
        own.OrderJson = write.OrderJson;
        own.ValueJson = write.Skipped ? null : write.ValueJson;
        own.Comment = write.Comment;
        own.Skipped = write.Skipped;
        own.SkipReason = write.Skipped ? write.SkipReason : null;
        own.Seconds = write.Seconds;
        await db.CampaignLeases.Where(l => l.ItemId == write.ItemId && l.Annotator == write.Annotator).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return JudgeOutcome.Ok;
    }

    public async Task<bool> SetStatusAsync(long campaignId, string status, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Campaigns.Where(c => c.Id == campaignId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, status), cancellationToken) > 0;
    }
}
