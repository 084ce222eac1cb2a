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
        run.Property(r => r.IdempotencyKey).HasMaxLength(200);
        // One live key per owner: a double submit cannot insert twice; a key reused after its window is cleared first.
        run.HasIndex(r => new { r.Owner, r.IdempotencyKey }).IsUnique().HasFilter("IdempotencyKey IS NOT NULL");
        run.HasIndex(r => r.RerunOf);
        run.HasIndex(r => r.BatchId);
    }
}
