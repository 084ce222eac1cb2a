using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RearPlayground.Data;
using RearPlayground.Worker.Jobs;

namespace RearPlayground.Worker.Cli;

/// <summary>
/// <c>serve</c>: a standalone Hangfire server on queue "gpu" that runs the searches the web app enqueues,
/// stores their events in the shared run database and publishes them to the web app's hub. Both sides
/// must name the same database and the same shared job storage (SQLite file or PostgreSQL). Options
/// override the "Rear" section of appsettings.json / environment variables. Runs until Ctrl+C or SIGTERM.
/// Unlike the web app, it never marks Running runs Interrupted at start: they may belong to another
/// live worker; the web app does that at its own start, and only for in-process job storage.
/// </summary>
public static class ServeCommand
{
    public static Command Create(CliIo io)
    {
        var database = new Option<string?>("--database") { Description = "The run database (SQLite file) the web app uses; default Rear:Database, else rear.db" };
        var jobStorage = new Option<string?>("--job-storage") { Description = "sqlite | postgresql (ConnectionStrings:Hangfire); default Rear:JobStorage, else sqlite" };
        var jobStoragePath = new Option<string?>("--job-storage-path") { Description = "The Hangfire SQLite file the web app uses; default Rear:JobStoragePath, else rear-jobs.db" };
        var webUrl = new Option<string?>("--web-url") { Description = "The web app's base URL, to publish live events to its hub; default Rear:WebUrl" };
        var workers = new Option<int?>("--workers") { Description = "Searches run at once; default Rear:Workers, else 1" };
        var device = new Option<string?>("--device") { Description = "auto | cpu | cuda for runs that name none; default Rear:Device, else auto" };

        var command = new Command("serve", "Run searches queued by the web app (a standalone Hangfire server)");
        foreach (var o in new Option[] { database, jobStorage, jobStoragePath, webUrl, workers, device }) command.Options.Add(o);

        command.SetAction((p, ct) => CliGuard.Run(p, io, async () =>
        {
            var builder = Host.CreateApplicationBuilder();
            var overrides = new Dictionary<string, string?>
            {
                ["Rear:Database"] = p.GetValue(database),
                ["Rear:JobStorage"] = p.GetValue(jobStorage),
                ["Rear:JobStoragePath"] = p.GetValue(jobStoragePath),
                ["Rear:WebUrl"] = p.GetValue(webUrl),
                ["Rear:Workers"] = p.GetValue(workers)?.ToString(),
                ["Rear:Device"] = p.GetValue(device),
            };
            builder.Configuration.AddInMemoryCollection(overrides.Where(o => o.Value is not null));
            var config = builder.Configuration;
            // In-memory job storage is per process: the web app's jobs would never reach this one.
            config["Rear:JobStorage"] ??= "SQLite";
            if (string.Equals(config["Rear:JobStorage"], "InMemory", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException("serve needs job storage shared with the web app: --job-storage sqlite or postgresql");
            if (config.GetValue("Rear:Workers", 1) < 1) throw new ArgumentException("--workers must be at least 1");

            // Every SQL statement and Hangfire's housekeeping at Information would bury the run log.
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
            builder.Logging.AddFilter("Hangfire.Storage.SQLite", LogLevel.Warning);
            builder.Services.AddRearData(config["Rear:Database"] ?? "rear.db");
            builder.Services.AddRearJobs(config);
            builder.Services.AddSingleton<IRunEventPublisher, SignalRRunEventPublisher>();
            using var host = builder.Build();
            await host.Services.MigrateRearDataAsync(ct);
            await io.Error.WriteLineAsync($"serving queue \"{RunJob.Queue}\" with {config.GetValue("Rear:Workers", 1)} worker(s); " +
                                          $"jobs: {config["Rear:JobStorage"]}, runs: {Path.GetFullPath(config["Rear:Database"] ?? "rear.db")}");
            await host.RunAsync(ct);
            return 0;
        }));
        return command;
    }
}
