using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Configurations;

/// <summary>Candidates are indexed 0..n-1 per run (the index RunEntity.Best points at).</summary>
internal sealed class CandidateConfiguration : IEntityTypeConfiguration<CandidateEntity>
{
    public void Configure(EntityTypeBuilder<CandidateEntity> c)
    {
        c.ToTable("Candidates");
        c.HasKey(x => new { x.RunId, x.Index });
        c.Property(x => x.Index).ValueGeneratedNever();
        c.HasOne<RunEntity>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
