using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Configurations;

/// <summary>The run row; the indexes serve the history page's filters and its newest-first order.</summary>
internal sealed class RunConfiguration : IEntityTypeConfiguration<RunEntity>
{
    public void Configure(EntityTypeBuilder<RunEntity> run)
    {
        run.ToTable("Runs");
        run.HasKey(r => r.Id);
        // Readable in the database and stable if the enum is reordered.
        run.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        run.HasIndex(r => r.CreatedAt);
        run.HasIndex(r => r.Status);
        run.HasIndex(r => r.Owner);
        run.HasIndex(r => r.Model);
        run.HasIndex(r => r.Method);
    }
}
