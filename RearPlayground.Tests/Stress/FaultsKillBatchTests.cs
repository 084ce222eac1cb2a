using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Batches;
using RearPlayground.Data.Entities;
using RearPlayground.Tests.Batches;
using RearPlayground.Tests.Web;
using Xunit.Abstractions;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// Faults: <c>kill -9</c> of the worker process in the middle of a 30-item batch, then the web app restarted on the same
/// data folder. The batch resumes and ends with exactly 30 runs linked to it, one per item, all succeeded.
/// </summary>
[Collection("Hangfire")]
public class FaultsKillBatchTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_batch_killed_mid_way_resumes_with_exactly_one_run_per_item()
    {
        var folder = WebAppFactory.NewFolder();
        var jobs = Path.Combine(folder, "jobs.db");
        try
        {
            Guid id;
            int doneBeforeKill;
            await using (var first = new WebAppFactory(folder, WorkerProcess.WebSettings(jobs)))
            {
                using var client = await first.SignedInAsync();
                var dataset = await TestDatasets.InsertAsync(first.Services, 30);
                await using var worker = WorkerProcess.Start(folder, first.DatabasePath, jobs, first.BaseAddress);
                id = await TestDatasets.StartAsync(client, dataset, TestDatasets.Request(n: 4, maxTokens: 48));
                var deadline = DateTime.UtcNow.AddSeconds(180);
                while ((doneBeforeKill = (await TestDatasets.GetAsync(client, id))["done"]!.GetValue<int>()) < 8)
                {
                    Assert.True(DateTime.UtcNow < deadline, $"the batch did not get going: {worker.Output}");
                    await Task.Delay(50);
                }
                worker.Process.Kill(entireProcessTree: true); // SIGKILL: no shutdown code runs
                await worker.Process.WaitForExitAsync();
                var killed = await TestDatasets.GetAsync(client, id);
                doneBeforeKill = killed["done"]!.GetValue<int>();
                Assert.Equal("running", killed["status"]!.GetValue<string>());
                Assert.InRange(doneBeforeKill, 8, 29);
            }
            output.WriteLine($"killed the worker with {doneBeforeKill} of 30 items done");

            await using var second = new WebAppFactory(folder);
            using var admin = await second.SignedInAsync();
            var batch = await TestDatasets.WaitForEndAsync(admin, id, timeoutSeconds: 240);
            Assert.Equal("succeeded", batch["status"]!.GetValue<string>());
            Assert.Equal(30, batch["done"]!.GetValue<int>());
            var linked = await TestDatasets.LinkedRunsAsync(second.Services, id);
            var items = await second.Services.GetRequiredService<BatchStore>().ItemsAsync(id);
            Assert.Equal(30, linked.Count);
            Assert.All(linked, r => Assert.Equal(RunStatus.Succeeded, r.Status));
            Assert.Equal(30, items.Select(i => i.RunId).Distinct().Count());
            Assert.Equal(items.Select(i => i.RunId!.Value).Order(), linked.Select(r => r.Id).Order());
            Assert.All(items, i => Assert.Equal(RunStatus.Succeeded, i.Status));
            Assert.Equal("ok", FaultsKillTests.IntegrityCheck(second.DatabasePath));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }
}
