using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Models;
using RearPlayground.Worker.Events;
using RearPlayground.Worker.Threading;

namespace RearPlayground.Worker.Jobs;

/// <summary>
/// The jobs' one registration entry point, for the web app and the standalone worker alike. The host adds
/// the data layer (<c>AddRearData</c>) and its own <see cref="IRunEventPublisher"/>.
/// </summary>
public static class JobsExtensions
{
    /// <summary>
    /// Registers <see cref="ModelPool"/>, <see cref="RunCancellation"/>, <see cref="RunJob"/>, <see cref="EvalJob"/>,
    /// <see cref="GenRmRankJob"/>, <see cref="RunLimits"/>
    /// and Hangfire with storage from "Rear:JobStorage": InMemory (default; one process only), SQLite
    /// ("Rear:JobStoragePath", default rear-jobs.db; processes on one machine) or PostgreSQL
    /// ("ConnectionStrings:Hangfire"; several machines). A Hangfire server on queue "gpu" runs
    /// "Rear:Workers" jobs at once (default 1: one search per device); 0 adds no server, for a web app
    /// that leaves the searches to standalone workers.
    /// </summary>
    /// <param name="withDatabase">false for a worker on another machine: its server takes searches only (queue "gpu"),
    /// not the jobs that need the run database (queue "gpu-db").</param>
    public static IServiceCollection AddRearJobs(this IServiceCollection services, IConfiguration configuration, bool withDatabase = true)
    {
        PinSearches(configuration["Rear:SearchCpus"]);
        services.AddSingleton(configuration.GetSection(RunLimits.Section).Get<RunLimits>() ?? new RunLimits());
        var pool = new ModelPoolOptions
        {
            Capacity = configuration.GetValue("Rear:ModelPoolSize", 2),
            Directories = configuration.GetSection("Rear:ModelDirectories").Get<string[]>() ?? [],
            DefaultDevice = DeviceKindParser.Parse(configuration["Rear:Device"] ?? "auto"),
        };
        services.AddSingleton(pool);
        // "Rear:Hub:Cache" names the Hugging Face cache whose repositories are models too (default: HF_HUB_CACHE, HF_HOME/hub, ~/.cache/huggingface/hub).
        // "Rear:DefaultModelDirectories" false: only the configured ones (no models/ or ../shared/models beside the repository).
        services.TryAddSingleton(_ => ModelLocator.Default(pool.Directories, configuration["Rear:Hub:Cache"],
            configuration.GetValue("Rear:DefaultModelDirectories", true)));
        services.AddSingleton(sp => new ModelPool(pool, sp.GetRequiredService<ModelLocator>(), sp.GetService<ILogger<ModelPool>>()));
        services.AddSingleton<RunCancellation>();
        services.AddTransient<RunJob>();
        services.AddTransient<EvalJob>();
        services.AddTransient<GenRmRankJob>();
        services.AddSingleton(new BatchPassOptions(configuration.GetValue("Rear:Batches:ItemsPerPass", BatchPassOptions.DefaultItemsPerPass)));
        services.AddTransient<BatchJob>();

        services.AddHangfire(c => UseStorage(c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings(), configuration));
        var workers = configuration.GetValue("Rear:Workers", 1);
        if (workers > 0)
            services.AddHangfireServer(o =>
            {
                o.Queues = withDatabase ? [RunJob.Queue, RunJob.DatabaseQueue] : [RunJob.Queue];
                o.WorkerCount = workers;
                // "Rear:WorkerName" (default the machine's name) shows in the dashboard which machine ran a job.
                if (configuration["Rear:WorkerName"] is { Length: > 0 } name) o.ServerName = name;
            });
        return services;
    }

    // "Rear:SearchCpus" ("1", "0,2"): the CPUs searches run on, e.g. to keep them off the cores serving the web app.
    // Unset leaves the process's setting alone: it is one for the process, as the threads are.
    private static void PinSearches(string? cpus)
    {
        if (string.IsNullOrWhiteSpace(cpus)) return;
        if (!CpuAffinity.IsSupported) throw new ArgumentException("Rear:SearchCpus pins threads on Linux only: leave it unset here");
        try
        {
            WorkThreads.Cpus = CpuAffinity.Parse(cpus);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Rear:SearchCpus: {e.Message}", e);
        }
    }

    private static void UseStorage(IGlobalConfiguration hangfire, IConfiguration configuration)
    {
        var kind = configuration["Rear:JobStorage"] ?? "InMemory";
        switch (kind.Trim().ToLowerInvariant())
        {
            case "inmemory":
                hangfire.UseInMemoryStorage();
                break;
            case "sqlite":
                var path = Path.GetFullPath(configuration["Rear:JobStoragePath"] ?? "rear-jobs.db");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                hangfire.UseSQLiteStorage(path, new SQLiteStorageOptions
                {
                    // The default 15 s would leave a submitted run waiting that long for an idle worker.
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                });
                break;
            case "postgresql" or "postgres":
                var connection = configuration.GetConnectionString("Hangfire")
                                 ?? throw new InvalidOperationException("Rear:JobStorage is PostgreSQL but ConnectionStrings:Hangfire is not set");
                // As for SQLite: the default 15 s poll would leave a submitted run waiting for an idle worker.
                hangfire.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connection),
                    new PostgreSqlStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) });
                break;
            default:
                throw new InvalidOperationException($"unknown Rear:JobStorage '{kind}': use InMemory, SQLite or PostgreSQL");
        }
    }
}
