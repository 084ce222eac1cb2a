using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Configurations;

/// <summary>Tree nodes are numbered per run by the engine, so the run id is part of the key.</summary>
internal sealed class TreeNodeConfiguration : IEntityTypeConfiguration<TreeNodeEntity>
{
    public void Configure(EntityTypeBuilder<TreeNodeEntity> n)
    {
        n.ToTable("TreeNodes");
        n.HasKey(x => new { x.RunId, x.NodeId });
        n.Property(x => x.NodeId).ValueGeneratedNever();
        n.HasOne<RunEntity>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
