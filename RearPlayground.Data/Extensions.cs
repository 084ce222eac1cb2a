using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RearPlayground.Data.Annotations;
using RearPlayground.Data.Batches;
using RearPlayground.Data.Campaigns;
using RearPlayground.Data.Datasets;
using RearPlayground.Data.Evaluations;
using RearPlayground.Data.Profiles;
using RearPlayground.Data.Runs;
using RearPlayground.Data.Sqlite;

namespace RearPlayground.Data;

/// <summary>The one registration entry point of the data layer, for the web app and the job host alike.</summary>
public static class Extensions
{
    /// <summary>
    /// Registers a <see cref="RearDbContext"/> factory on the SQLite file at <paramref name="databasePath"/>
    /// (its folder is created), the context itself as scoped (Identity's stores want one), <see cref="IRunStore"/>,
    /// <see cref="IAnnotationStore"/> and <see cref="IEvaluationStore"/>.
    /// </summary>
    public static IServiceCollection AddRearData(this IServiceCollection services, string databasePath)
    {
        var connectionString = ConnectionString(databasePath);
        var setup = new SqliteConnectionSetup();
        services.AddDbContextFactory<RearDbContext>(options => options.UseSqlite(connectionString).AddInterceptors(setup));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRunStore, RunStore>();
        services.TryAddSingleton<IAnnotationStore, AnnotationStore>();
        services.TryAddSingleton<IEvaluationStore, EvaluationStore>();
        services.TryAddSingleton<ICampaignStore, CampaignStore>();
        services.TryAddSingleton<IProfileStore, ProfileStore>();
        services.TryAddSingleton<IDatasetStore, DatasetStore>();
        services.TryAddSingleton<BatchStore>();
        return services;
    }

    /// <summary>
    /// Applies pending migrations and switches the file to WAL, which persists in the file: readers (web pages)
    /// then never block the writer (a running job) and vice versa. Call once at start-up, before serving.
    /// </summary>
    public static async Task MigrateRearDataAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<RearDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // Outside any transaction: SQLite refuses to change the journal mode inside one.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The connection string used for <paramref name="databasePath"/>; creates the folder.</summary>
    public static string ConnectionString(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var fullPath = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        return new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Shared cache is discouraged by SQLite (table-level locks); WAL gives concurrency with private caches.
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Microsoft.Data.Sqlite also retries SQLITE_BUSY until the command timeout (seconds).
            DefaultTimeout = 30,
        }.ToString();
    }
}
