using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Configurations;

/// <summary>Events: the unique (RunId, Sequence) index is what makes a duplicate sequence number impossible.</summary>
internal sealed class RunEventConfiguration : IEntityTypeConfiguration<RunEventEntity>
{
    public void Configure(EntityTypeBuilder<RunEventEntity> e)
    {
        e.ToTable("RunEvents");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.RunId, x.Sequence }).IsUnique();
        e.HasOne<RunEntity>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
