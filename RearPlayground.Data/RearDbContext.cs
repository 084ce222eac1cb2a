using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Data.Sqlite;

namespace RearPlayground.Data;

/// <summary>
/// The playground's one SQLite database: run history plus ASP.NET Core Identity's users and roles, so a single
/// file (and a single migration history) holds everything.
/// </summary>
public class RearDbContext(DbContextOptions<RearDbContext> options) : IdentityDbContext<IdentityUser>(options)
{
    public DbSet<RunEntity> Runs => Set<RunEntity>();
    public DbSet<RunEventEntity> RunEvents => Set<RunEventEntity>();
    public DbSet<TreeNodeEntity> TreeNodes => Set<TreeNodeEntity>();
    public DbSet<CandidateEntity> Candidates => Set<CandidateEntity>();
    public DbSet<AnnotationEntity> Annotations => Set<AnnotationEntity>();
    public DbSet<EvaluationEntity> Evaluations => Set<EvaluationEntity>();
    public DbSet<CampaignEntity> Campaigns => Set<CampaignEntity>();
    public DbSet<CampaignAnnotatorEntity> CampaignAnnotators => Set<CampaignAnnotatorEntity>();
    public DbSet<CampaignItemEntity> CampaignItems => Set<CampaignItemEntity>();
    public DbSet<CampaignJudgmentEntity> CampaignJudgments => Set<CampaignJudgmentEntity>();
    public DbSet<CampaignLeaseEntity> CampaignLeases => Set<CampaignLeaseEntity>();
    public DbSet<ProfileEntity> Profiles => Set<ProfileEntity>();
    public DbSet<DatasetEntity> Datasets => Set<DatasetEntity>();
    public DbSet<DatasetItemEntity> DatasetItems => Set<DatasetItemEntity>();
    public DbSet<BatchEntity> Batches => Set<BatchEntity>();
    public DbSet<BatchItemEntity> BatchItems => Set<BatchItemEntity>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(RearDbContext).Assembly);
        builder.HasDbFunction(typeof(SqliteText).GetMethod(nameof(SqliteText.Fold))!)
            .HasName(SqliteText.FunctionName);
        // The history's duration sort: FinishedAt − StartedAt on the stored UTC ticks (NULL until the run has ended).
        builder.HasDbFunction(typeof(RunDuration).GetMethod(nameof(RunDuration.Ticks))!)
            .HasTranslation(args => new SqlBinaryExpression(ExpressionType.Subtract, args[1], args[0], typeof(long), new LongTypeMapping("INTEGER")));
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // Every DateTimeOffset (nullable ones too, Identity's LockoutEnd included) as sortable UTC ticks.
        configuration.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }
}
