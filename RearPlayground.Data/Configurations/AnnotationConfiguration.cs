using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Configurations;

/// <summary>Annotations go with their run; looked up per run.</summary>
internal sealed class AnnotationConfiguration : IEntityTypeConfiguration<AnnotationEntity>
{
    public void Configure(EntityTypeBuilder<AnnotationEntity> a)
    {
        a.ToTable("Annotations");
        a.HasKey(x => x.Id);
        a.HasIndex(x => new { x.RunId, x.At });
        a.HasOne<RunEntity>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
