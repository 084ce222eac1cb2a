using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RearPlayground.Data;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Jobs.Remote;
using RearPlayground.Worker.Events;

namespace RearPlayground.Worker.Cli;

/// <summary>
/// <c>serve</c>: a standalone Hangfire server on queue "gpu" that runs the searches the web app enqueues. Two ways:
/// <list type="bullet">
/// <item>on another machine (no <c>--database</c>): it needs only the shared job storage (PostgreSQL) and the web
/// app's URL with a worker account; it sends its runs' events to the web app, which alone writes the run database
/// (<see cref="WebRunStore"/>). Evaluations and GenRM ranks need the database: they stay with the web app.</item>
/// <item>on the web app's machine (<c>--database</c>): it stores events in the shared run database itself and
/// publishes them to the web app's hub.</item>
/// </list>
/// Options override the "Rear" section of appsettings.json / environment variables. Runs until Ctrl+C or SIGTERM.
/// Unlike the web app, it never marks Running runs Interrupted at start: they may belong to another
/// live worker; the web app does that at its own start, and only for in-process job storage.
/// </summary>
public static class ServeCommand
{
    public static Command Create(CliIo io)
    {
        var database = new Option<string?>("--database") { Description = "The run database (SQLite file) the web app uses, on its machine; default Rear:Database; none: runs are stored through the web app" };
        var jobStorage = new Option<string?>("--job-storage") { Description = "sqlite | postgresql (ConnectionStrings:Hangfire); default Rear:JobStorage, else sqlite" };
        var jobStoragePath = new Option<string?>("--job-storage-path") { Description = "The Hangfire SQLite file the web app uses; default Rear:JobStoragePath, else rear-jobs.db" };
        var webUrl = new Option<string?>("--web-url", "--web") { Description = "The web app's base URL, to publish live events to its hub; default Rear:WebUrl" };
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
            var runDatabase = config["Rear:Database"];
            if (runDatabase is null && string.IsNullOrWhiteSpace(config["Rear:WebUrl"]))
                throw new ArgumentException("serve needs --web (the web app stores the runs) or --database (the run database on this machine)");
            if (runDatabase is null)
            {
                builder.Services.AddSingleton<WebApi>();
                builder.Services.AddSingleton<IRunStore, WebRunStore>();
                builder.Services.AddSingleton<IRunEventPublisher, StoredByWebApp>();
            }
            else
            {
                builder.Services.AddRearData(runDatabase);
                builder.Services.AddSingleton<IRunEventPublisher, SignalRRunEventPublisher>();
            }
            builder.Services.AddRearJobs(config, withDatabase: runDatabase is not null);
            using var host = builder.Build();
            if (runDatabase is not null) await host.Services.MigrateRearDataAsync(ct);
            var runs = runDatabase is null ? $"through {config["Rear:WebUrl"]}" : Path.GetFullPath(runDatabase);
            await io.Error.WriteLineAsync($"serving queue \"{RunJob.Queue}\" with {config.GetValue("Rear:Workers", 1)} worker(s); " +
                                          $"jobs: {config["Rear:JobStorage"]}, runs: {runs}");
            await host.RunAsync(ct);
            return 0;
        }));
        return command;
    }
}
