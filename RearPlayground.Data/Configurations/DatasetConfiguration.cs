using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Configurations;

/// <summary>Datasets own their items; a dataset a batch uses cannot be deleted (Restrict).</summary>
internal sealed class DatasetConfiguration : IEntityTypeConfiguration<DatasetEntity>
{
    public void Configure(EntityTypeBuilder<DatasetEntity> d)
    {
        d.ToTable("Datasets");
        d.HasKey(x => x.Id);
        d.HasIndex(x => x.CreatedAt);
    }
}

internal sealed class DatasetItemConfiguration : IEntityTypeConfiguration<DatasetItemEntity>
{
    public void Configure(EntityTypeBuilder<DatasetItemEntity> i)
    {
        i.ToTable("DatasetItems");
        i.HasKey(x => x.Id);
        i.HasIndex(x => new { x.DatasetId, x.Position }).IsUnique();
        i.HasOne<DatasetEntity>().WithMany().HasForeignKey(x => x.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BatchConfiguration : IEntityTypeConfiguration<BatchEntity>
{
    public void Configure(EntityTypeBuilder<BatchEntity> b)
    {
        b.ToTable("Batches");
        b.HasKey(x => x.Id);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(x => x.CreatedAt);
        b.HasOne<DatasetEntity>().WithMany().HasForeignKey(x => x.DatasetId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BatchItemConfiguration : IEntityTypeConfiguration<BatchItemEntity>
{
    public void Configure(EntityTypeBuilder<BatchItemEntity> i)
    {
        i.ToTable("BatchItems");
        i.HasKey(x => new { x.BatchId, x.DatasetItemId });
        i.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        i.HasIndex(x => new { x.BatchId, x.Position });
        i.HasIndex(x => x.RunId).IsUnique().HasFilter("RunId IS NOT NULL");
        i.HasOne<BatchEntity>().WithMany().HasForeignKey(x => x.BatchId).OnDelete(DeleteBehavior.Cascade);
        i.HasOne<DatasetItemEntity>().WithMany().HasForeignKey(x => x.DatasetItemId).OnDelete(DeleteBehavior.Restrict);
        // Deleting a run from History leaves the item without a run (it can be run again), not a dangling id.
        i.HasOne<RunEntity>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.SetNull);
    }
}
