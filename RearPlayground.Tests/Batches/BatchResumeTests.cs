using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data;
using RearPlayground.Data.Batches;
using RearPlayground.Data.Entities;
using RearPlayground.Data.Runs;
using RearPlayground.Tests.Web;

namespace RearPlayground.Tests.Batches;

/// <summary>
/// A batch a dead process left Running resumes at the next start: an item whose run succeeded keeps it, runs the process
/// never finished (mid-search, or claimed but not started) are replaced, items without a run get one; exactly one run
/// per item, all linked to the batch.
/// </summary>
[Collection("Hangfire")]
public sealed class BatchResumeTests
{
    [Fact]
    public async Task A_batch_left_running_resumes_running_only_the_missing_items()
    {
        var folder = WebAppFactory.NewFolder();
        try
        {
            Guid batchId, kept, midSearch, claimed;
            await using (var first = new WebAppFactory(folder, new Dictionary<string, string?> { ["Rear:Workers"] = "0" }))
            {
                using var client = await first.SignedInAsync();
                var dataset = await TestDatasets.InsertAsync(first.Services, 4);
                batchId = await TestDatasets.StartAsync(client, dataset, TestDatasets.Request());
                var batches = first.Services.GetRequiredService<BatchStore>();
                var runs = first.Services.GetRequiredService<IRunStore>();
                var items = await batches.ItemsAsync(batchId);
                Assert.True(await batches.TryStartAsync(batchId));
                kept = await ClaimAsync(batches, items[0]);
                await runs.TryFinishAsync(kept, RunStatus.Succeeded, null); // its process died before recording it on the item
                midSearch = await ClaimAsync(batches, items[1]);
                var factory = first.Services.GetRequiredService<IDbContextFactory<RearDbContext>>();
                await using (var db = await factory.CreateDbContextAsync())
                    await db.Runs.Where(r => r.Id == midSearch).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Running));
                claimed = await ClaimAsync(batches, items[2]); // died between the claim and the run's start
                // items[3]: never reached.
            }

            await using var second = new WebAppFactory(folder);
            using var admin = await second.SignedInAsync();
            var batch = await TestDatasets.WaitForEndAsync(admin, batchId);
            Assert.Equal("succeeded", batch["status"]!.GetValue<string>());
            var linked = await TestDatasets.LinkedRunsAsync(second.Services, batchId);
            var itemRuns = (await second.Services.GetRequiredService<BatchStore>().ItemsAsync(batchId)).Select(i => i.RunId!.Value).ToList();
            Assert.Equal(4, linked.Count);
            Assert.Equal(4, itemRuns.Distinct().Count());
            Assert.Equal(itemRuns.Order(), linked.Select(r => r.Id).Order());
            Assert.Equal(kept, itemRuns[0]);
            Assert.All(linked, r => Assert.Equal(RunStatus.Succeeded, r.Status));
            var store = second.Services.GetRequiredService<IRunStore>();
            Assert.Null(await store.FindAsync(midSearch));
            Assert.Null(await store.FindAsync(claimed));
            Assert.Equal(TestDatasets.Questions, linked.OrderBy(r => itemRuns.IndexOf(r.Id)).Select(r => r.Question));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }

    private static async Task<Guid> ClaimAsync(BatchStore batches, BatchItemEntity item)
    {
        var run = new RunEntity
        {
            Id = Guid.NewGuid(), Owner = WebAppFactory.AdminEmail, Model = "stories260K", Method = "bon", Question = TestDatasets.Questions[item.Position],
            RequestJson = "{}", Status = RunStatus.Queued,
        };
        Assert.True(await batches.ClaimAsync(item.BatchId, item.DatasetItemId, null, run));
        Assert.False(await batches.ClaimAsync(item.BatchId, item.DatasetItemId, null, run), "an item claimed twice");
        return run.Id;
    }
}
