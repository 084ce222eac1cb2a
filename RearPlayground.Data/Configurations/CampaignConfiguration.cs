using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Configurations;

/// <summary>Campaigns own their members, items, judgments and leases (deleted with it).</summary>
internal sealed class CampaignConfiguration : IEntityTypeConfiguration<CampaignEntity>
{
    public void Configure(EntityTypeBuilder<CampaignEntity> c)
    {
        c.ToTable("Campaigns");
        c.HasKey(x => x.Id);
        c.HasIndex(x => x.CreatedAt);
    }
}

internal sealed class CampaignAnnotatorConfiguration : IEntityTypeConfiguration<CampaignAnnotatorEntity>
{
    public void Configure(EntityTypeBuilder<CampaignAnnotatorEntity> a)
    {
        a.ToTable("CampaignAnnotators");
        a.HasKey(x => new { x.CampaignId, x.Annotator });
        // "Which campaigns am I in" for the list.
        a.HasIndex(x => x.Annotator);
        a.HasOne<CampaignEntity>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CampaignItemConfiguration : IEntityTypeConfiguration<CampaignItemEntity>
{
    public void Configure(EntityTypeBuilder<CampaignItemEntity> i)
    {
        i.ToTable("CampaignItems");
        i.HasKey(x => x.Id);
        i.HasIndex(x => new { x.CampaignId, x.Id });
        i.HasOne<CampaignEntity>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        // Deleting a run takes its items (and their judgments) out of campaigns.
        i.HasOne<RunEntity>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CampaignJudgmentConfiguration : IEntityTypeConfiguration<CampaignJudgmentEntity>
{
    public void Configure(EntityTypeBuilder<CampaignJudgmentEntity> j)
    {
        j.ToTable("CampaignJudgments");
        j.HasKey(x => x.Id);
        // One judgment per item and annotator; also the assignment's "not judged by me" and "count per item" lookups.
        j.HasIndex(x => new { x.ItemId, x.Annotator }).IsUnique();
        j.HasIndex(x => new { x.CampaignId, x.Annotator });
        // The assignment's judgments per unfinished item (a GROUP BY over the campaign): read from the index alone.
        j.HasIndex(x => new { x.CampaignId, x.Skipped, x.ItemId });
        j.HasOne<CampaignEntity>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        j.HasOne<CampaignItemEntity>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CampaignLeaseConfiguration : IEntityTypeConfiguration<CampaignLeaseEntity>
{
    public void Configure(EntityTypeBuilder<CampaignLeaseEntity> l)
    {
        l.ToTable("CampaignLeases");
        l.HasKey(x => new { x.ItemId, x.Annotator });
        // Live leases per item (ExpiresAt > now), and the caller's own lease in a campaign.
        l.HasIndex(x => new { x.ItemId, x.ExpiresAt });
        l.HasIndex(x => new { x.CampaignId, x.Annotator });
        l.HasOne<CampaignEntity>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        l.HasOne<CampaignItemEntity>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}
