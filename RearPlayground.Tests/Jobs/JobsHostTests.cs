using Hangfire;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RearPlayground.Data;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Worker.Cli;
using RearPlayground.Worker.Jobs;
using RearPlayground.Worker.Events;

namespace RearPlayground.Tests.Jobs;

/// <summary>
/// A real Hangfire server from AddRearJobs runs an enqueued run on queue "gpu", with in-memory storage and with
/// SQLite storage next to the EF Core run database in one process. Hangfire's configuration is process-wide:
/// these tests share the "Hangfire" collection so they never run beside another Hangfire host.
/// </summary>
[Collection("Hangfire")]
public class JobsHostTests
{
    [Theory]
    [InlineData("InMemory")]
    [InlineData("SQLite")]
    public async Task An_enqueued_run_is_executed_by_the_hangfire_server(string storage)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rear-jobs-host-" + Guid.NewGuid().ToString("N"));
        var settings = JobsHarness.Settings(folder);
        settings["Rear:Workers"] = "1";
        settings["Rear:JobStorage"] = storage;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddRearData(Path.Combine(folder, "rear.db"));
        builder.Services.AddRearJobs(builder.Configuration);
        var publisher = new RecordingPublisher();
        builder.Services.AddSingleton<IRunEventPublisher>(publisher);
        try
        {
            using var host = builder.Build();
            await host.Services.MigrateRearDataAsync();
            await host.StartAsync();
            var store = host.Services.GetRequiredService<IRunStore>();
            var id = await JobsHarness.SubmitAsync(store, JobsHarness.Request(n: 2, maxTokens: 8));

            var jobId = host.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<RunJob>(j => j.ExecuteAsync(id, CancellationToken.None));

            var run = await WaitForEndAsync(store, id, TimeSpan.FromSeconds(60));
            Assert.Equal(RunStatus.Succeeded, run.Status);
            Assert.Equal(run.LastSequence, publisher.Calls.Count);
            var details = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().JobDetails(jobId);
            Assert.Contains(details.History, s => s.StateName == "Enqueued" && s.Data.TryGetValue("Queue", out var q) && q == RunJob.Queue);
            await host.StopAsync();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }

    [Fact]
    public async Task Serve_refuses_job_storage_the_web_app_cannot_share()
    {
        var error = new StringWriter();
        var code = await CliApp.RunAsync(["serve", "--job-storage", "inmemory"], TextWriter.Null, error);
        Assert.Equal(CliGuard.UserError, code);
        Assert.Contains("shared with the web app", error.ToString());
    }

    private static async Task<RunEntity> WaitForEndAsync(IRunStore store, Guid id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var run = (await store.FindAsync(id))!;
            if (run.Status.IsTerminal() || DateTime.UtcNow > deadline) return run;
            await Task.Delay(100);
        }
    }
}
