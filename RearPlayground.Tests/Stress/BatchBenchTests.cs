using System.Diagnostics;
using RearPlayground.Tests.Batches;
using RearPlayground.Tests.Support;
using RearPlayground.Tests.Web;
using RearPlayground.Worker.Contracts;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Models;
using RearPlayground.Worker.Search;
using Xunit.Abstractions;

namespace RearPlayground.Tests.Stress;

/// <summary>
/// Benchmark (printed): a 100-item batch (Best-of-N, N = 16, 64 tokens, stories260K, CPU) through the app (every item a
/// stored run, events written and published) against the same 100 searches by the engine alone in one process. Goal:
/// the batch within 1.10× of the engine.
/// </summary>
[Collection("Hangfire")]
public sealed class BatchBenchTests(ITestOutputHelper output)
{
    private const int Items = 100;

    [LongFact]
    public async Task A_100_item_batch_costs_about_as_much_as_100_engine_runs()
    {
        var request = new RunRequest { Model = "stories260K", Method = "bon", N = 16, M = 4, MaxTokens = 64, Seed = 4 };

        // The engine alone: one model, 100 searches in a row (after one warm-up).
        var locator = new ModelLocator(SharedModels.Directories);
        using var pool = new ModelPool(new ModelPoolOptions { DefaultDevice = DeviceKind.Cpu }, locator);
        double engine;
        using (var lease = pool.Rent("stories260K", DeviceKind.Cpu))
        {
            SearchRunner.Run(lease.Model, (request with { Question = "warm up" }).ToSearchRequest());
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < Items; i++)
                SearchRunner.Run(lease.Model, (request with { Question = TestDatasets.Questions[i % 4], Preference = "Tom was a cat who loved to eat fish." })
                    .ToSearchRequest());
            engine = clock.Elapsed.TotalSeconds;
        }

        // The batch: POST to the last item's run stored, through the job.
        await using var app = new WebAppFactory();
        using var client = await app.SignedInAsync();
        var dataset = await TestDatasets.InsertAsync(app.Services, Items);
        var warm = await TestDatasets.InsertAsync(app.Services, 1, name: "warm-up");
        await TestDatasets.WaitForEndAsync(client, await TestDatasets.StartAsync(client, warm, TestDatasets.Request(n: 16, maxTokens: 64, greedy: false)));
        var batchClock = Stopwatch.StartNew();
        var id = await TestDatasets.StartAsync(client, dataset, TestDatasets.Request(n: 16, maxTokens: 64, greedy: false));
        var ended = await TestDatasets.WaitForEndAsync(client, id, timeoutSeconds: 1200);
        var batch = batchClock.Elapsed.TotalSeconds;
        Assert.Equal("succeeded", ended["status"]!.GetValue<string>());
        Assert.Equal(Items, ended["done"]!.GetValue<int>());

        output.WriteLine($"engine: {Items} Best-of-N searches (N = 16, 64 tokens, stories260K, CPU) in {engine:F2} s ({engine / Items * 1000:F0} ms each)");
        output.WriteLine($"batch:  {Items} items as stored runs, report included, in {batch:F2} s ({batch / Items * 1000:F0} ms each)");
        output.WriteLine($"ratio:  {batch / engine:F2}× (goal ≤ 1.10×)");
    }
}
