using RearPlayground.Data;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Evaluations;
using RearPlayground.Data.Runs;
using RearPlayground.Web.Accounts;
using RearPlayground.Web.Batches;

namespace RearPlayground.Web.Hosting;

/// <summary>
/// Before serving: apply migrations, end runs and evaluations a dead process left behind (Running → Interrupted; also
/// Queued when jobs were kept in memory, since that queue died with the process), resume unfinished batches, create roles and the
/// first admin.
/// </summary>
public static class StartupTasks
{
    public static async Task RunAsync(WebApplication app)
    {
        await app.Services.MigrateRearDataAsync();
        var store = app.Services.GetRequiredService<IRunStore>();
        var inMemoryJobs = !string.Equals(app.Configuration["Rear:JobStorage"], "SQLite", StringComparison.OrdinalIgnoreCase)
                           && !string.Equals(app.Configuration["Rear:JobStorage"], "PostgreSQL", StringComparison.OrdinalIgnoreCase);
        var interrupted = await store.MarkInterruptedAsync(inMemoryJobs ? [RunStatus.Running, RunStatus.Queued] : [RunStatus.Running]);
        if (interrupted > 0) app.Logger.LogWarning("{Count} run(s) were left running by a previous process: marked interrupted", interrupted);
        var evaluations = await app.Services.GetRequiredService<IEvaluationStore>()
            .MarkInterruptedAsync(inMemoryJobs ? [RunStatus.Running, RunStatus.Queued] : [RunStatus.Running]);
        if (evaluations > 0) app.Logger.LogWarning("{Count} evaluation(s) were left running by a previous process: marked interrupted", evaluations);
        // After the runs: a batch's interrupted item runs are Interrupted now, so its job replaces exactly those.
        var batches = await app.Services.GetRequiredService<BatchService>().ResumeAsync(inMemoryJobs);
        if (batches > 0) app.Logger.LogWarning("{Count} batch(es) were left unfinished by a previous process: resumed", batches);
        await BootstrapAdmin.EnsureAsync(app.Services, app.Configuration, app.Logger);
    }
}
