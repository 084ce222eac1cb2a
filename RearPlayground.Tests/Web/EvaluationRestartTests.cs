using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Evaluations;

namespace RearPlayground.Tests.Web;

/// <summary>
/// A second app on the same data folder: evaluations the dead process left Running end Interrupted (Queued ones
/// too when the job queue was in memory, since it died with the process); ended ones keep their outcome.
/// </summary>
[Collection("Hangfire")]
public class EvaluationRestartTests
{
    [Theory]
    [InlineData("InMemory", RunStatus.Interrupted)]
    [InlineData("SQLite", RunStatus.Queued)]
    public async Task Evaluations_left_running_are_interrupted_at_the_next_start(string jobStorage, RunStatus queuedAfterRestart)
    {
        var folder = WebAppFactory.NewFolder();
        var settings = new Dictionary<string, string?>
        {
            ["Rear:JobStorage"] = jobStorage,
            ["Rear:JobStoragePath"] = Path.Combine(folder, "jobs.db"),
            ["Rear:Workers"] = "0", // nothing must pick the planted Queued row up
        };
        try
        {
            Guid running, queued, succeeded;
            await using (var first = new WebAppFactory(folder, settings))
            {
                var store = first.Services.GetRequiredService<IEvaluationStore>();
                running = await PlantAsync(store);
                await store.TryStartAsync(running, 4);
                queued = await PlantAsync(store);
                succeeded = await PlantAsync(store);
                await store.TryFinishAsync(succeeded, RunStatus.Succeeded, "{}", null);
            }

            await using var second = new WebAppFactory(folder, settings);
            var after = second.Services.GetRequiredService<IEvaluationStore>();

            var interrupted = (await after.FindAsync(running))!;
            Assert.Equal((RunStatus.Interrupted, EvaluationStore.InterruptedError), (interrupted.Status, interrupted.Error));
            Assert.Equal(queuedAfterRestart, (await after.FindAsync(queued))!.Status);
            Assert.Equal(RunStatus.Succeeded, (await after.FindAsync(succeeded))!.Status);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }

    private static async Task<Guid> PlantAsync(IEvaluationStore store)
    {
        var evaluation = new EvaluationEntity
        {
            Id = Guid.NewGuid(), Owner = WebAppFactory.AdminEmail, Model = "stories260K", DatasetName = "d.jsonl",
            DatasetJsonl = "{\"question\":\"q\",\"preference\":\"p\",\"maxWords\":3}", SettingsJson = "{}", Status = RunStatus.Queued,
        };
        await store.CreateAsync(evaluation);
        return evaluation.Id;
    }
}
