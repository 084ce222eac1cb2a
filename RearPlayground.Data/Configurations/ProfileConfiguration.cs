using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RearPlayground.Data.Entities;

namespace RearPlayground.Data.Configurations;

/// <summary>Profiles are found by name (unique, case-insensitive); at most one is the team's default.</summary>
internal sealed class ProfileConfiguration : IEntityTypeConfiguration<ProfileEntity>
{
    public void Configure(EntityTypeBuilder<ProfileEntity> p)
    {
        p.ToTable("Profiles");
        p.HasKey(x => x.Id);
        p.Property(x => x.Name).HasMaxLength(100).UseCollation("NOCASE");
        p.HasIndex(x => x.Name).IsUnique();
        p.Property(x => x.Aggregation).HasMaxLength(16);
        p.HasIndex(x => x.IsTeamDefault).IsUnique().HasFilter("\"IsTeamDefault\" = 1");
    }
}
