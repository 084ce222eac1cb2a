using System.Data;
using Microsoft.EntityFrameworkCore;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Campaigns;

/// <summary>Adding runs' items to a campaign after it was created.</summary>
public sealed partial class CampaignStore
{
    public async Task<ItemsAdded> AddItemsAsync(long campaignId, IReadOnlyList<CampaignItemEntity> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // IMMEDIATE: the status and the runs already in it cannot change before the items are in (two admins adding one run).
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var campaign = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null) return new ItemsAdded(AddItemsOutcome.NotFound, []);
        if (campaign.Status != CampaignTasks.Open) return new ItemsAdded(AddItemsOutcome.Closed, []);
        var runIds = items.Select(i => i.RunId).Distinct().ToList();
        var present = await db.CampaignItems.Where(i => i.CampaignId == campaignId && runIds.Contains(i.RunId))
            .Select(i => i.RunId).Distinct().ToListAsync(cancellationToken);
        if (present.Count > 0) return new ItemsAdded(AddItemsOutcome.RunsPresent, present);
        foreach (var item in items) item.CampaignId = campaignId;
        db.CampaignItems.AddRange(items);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ItemsAdded(AddItemsOutcome.Added, []);
    }

    public async Task<IReadOnlyList<Guid>> RunIdsAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.CampaignItems.AsNoTracking().Where(i => i.CampaignId == campaignId).Select(i => i.RunId).Distinct().ToListAsync(cancellationToken);
    }
}
