namespace RearPlayground.Web.Workers;

/// <summary>
/// Ends the runs whose worker has gone silent: a worker reads its run every few seconds while it runs (the cancel
/// poll), so a lease older than <see cref="RemoteRunOptions.Lease"/> means the worker died, hangs or lost the network.
/// Hangfire would only hand the job to another worker after its invisibility timeout (30 minutes), and a run that
/// ran halfway must not run again anyway: the run ends Interrupted, its watchers see a <c>runInterrupted</c> event.
/// </summary>
public sealed class RemoteRunMonitor(RemoteRuns runs, RemoteRunOptions options, TimeProvider time, ILogger<RemoteRunMonitor> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CheckEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var (runId, lastContact) in runs.Leases.ToList())
            {
                var silent = time.GetUtcNow() - lastContact;
                if (silent < options.Lease) continue;
                try
                {
                    var message = $"the worker running it stopped answering ({silent.TotalSeconds:0} s without news)";
                    if (await runs.InterruptAsync(runId, message, stoppingToken))
                        logger.LogWarning("run {RunId}: {Message}: marked interrupted", runId, message);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(e, "could not end run {RunId} of a silent worker", runId);
                }
            }
        }
    }
}

/// <summary>"Rear:RemoteWorkers": how long a worker may stay silent about a run it holds, and how often that is checked.</summary>
public sealed class RemoteRunOptions
{
    public const string Section = "Rear:RemoteWorkers";

    /// <summary>A worker reads its run every 2 s while it runs; a lease this old means it is gone.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromSeconds(2);
}
