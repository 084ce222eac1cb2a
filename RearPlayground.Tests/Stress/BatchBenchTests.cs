using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data.Batches;
using RearPlayground.Data.Entities;
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
/// stored run, events written and published) against the same 100 searches by the engine alone in one process: the batch
/// one item at a time (<c>Rear:Batches:ItemsPerPass</c> = 1, a single run's path) and with several items' candidates sampled
/// together. Goal: within 1.10× of the engine, and below 1.0 with items batched together. Run it in Release
/// (<c>-c Release</c>); REAR_BATCH_PASSES (e.g. "1,4,8,16") picks the items per pass measured.
/// </summary>
[Collection("Hangfire")]
public sealed class BatchBenchTests(ITestOutputHelper output)
{
    private const int Items = 100;

    [LongFact]
    public async Task A_100_item_batch_costs_about_as_much_as_100_engine_runs()
    {
        var request = new RunRequest { Model = "stories260K", Method = "bon", N = 16, M = 4, MaxTokens = 64, Seed = 4 };
        var passes = (Environment.GetEnvironmentVariable("REAR_BATCH_PASSES") ?? "1,4,8,16").Split(',').Select(int.Parse).ToArray();

        // The engine alone: one model, 100 searches in a row (after one warm-up).
        var locator = new ModelLocator(SharedModels.Directories);
        using var pool = new ModelPool(new ModelPoolOptions { DefaultDevice = DeviceKind.Cpu }, locator);
        double engine, engineCpu;
        using (var lease = pool.Rent("stories260K", DeviceKind.Cpu))
        {
            SearchRunner.Run(lease.Model, (request with { Question = "warm up" }).ToSearchRequest());
            var clock = Stopwatch.StartNew();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < Items; i++)
                SearchRunner.Run(lease.Model, (request with { Question = TestDatasets.Questions[i % 4], Preference = "Tom was a cat who loved to eat fish." })
                    .ToSearchRequest());
            engine = clock.Elapsed.TotalSeconds;
            engineCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        }
        output.WriteLine($"engine: {Items} Best-of-N searches (N = 16, 64 tokens, stories260K, CPU) in {engine:F2} s ({engine / Items * 1000:F0} ms each), " +
                         $"CPU {engineCpu:F2} s");

        foreach (var perPass in passes)
        {
            var (seconds, cpu, phases) = await BatchAsync(perPass);
            var label = perPass == 1 ? "batch, one item at a time" : $"batch, {perPass} items per pass";
            output.WriteLine($"{label}: {seconds:F2} s ({seconds / Items * 1000:F0} ms each), {seconds / engine:F2}× the engine; " +
                             $"CPU {cpu:F2} s ({cpu / engineCpu:F2}×); {phases}");
        }
        output.WriteLine("goal: ≤ 1.10× one at a time, below 1.0× with items batched together");
    }

    // POST to the batch's end (every item's run stored, the report computed), through the job; after a warm-up batch.
    // CPU: the whole process's (the app's other threads included), less exposed than the wall clock to a shared machine's load.
    private static async Task<(double Seconds, double Cpu, string Phases)> BatchAsync(int perPass)
    {
        await using var app = new WebAppFactory(null, new Dictionary<string, string?>
        {
            ["Rear:Batches:ItemsPerPass"] = perPass.ToString(),
            ["Logging:LogLevel:RearPlayground.Worker.Jobs.BatchJob"] = "Information",
        });
        using var client = await app.SignedInAsync();
        var dataset = await TestDatasets.InsertAsync(app.Services, Items);
        var warm = await TestDatasets.InsertAsync(app.Services, perPass, name: "warm-up");
        await TestDatasets.WaitForEndAsync(client, await TestDatasets.StartAsync(client, warm, TestDatasets.Request(n: 16, maxTokens: 64, greedy: false)));
        var clock = Stopwatch.StartNew();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var id = await TestDatasets.StartAsync(client, dataset, TestDatasets.Request(n: 16, maxTokens: 64, greedy: false));
        // Watched through the store, not GET /api/batches/{id}: that computes the live report (every run so far) for its
        // caller, a watcher's cost rather than the batch's.
        var store = app.Services.GetRequiredService<BatchStore>();
        while ((await store.FindAsync(id))?.Status.IsTerminal() != true)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(20), "the batch did not end");
            await Task.Delay(50);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        var ended = await TestDatasets.GetAsync(client, id);
        Assert.Equal("succeeded", ended["status"]!.GetValue<string>());
        Assert.Equal(Items, ended["done"]!.GetValue<int>());
        Assert.Equal(Items, (await TestDatasets.LinkedRunsAsync(app.Services, id)).Count(r => r.Status == RunStatus.Succeeded));
        var phases = app.Log.Lines.LastOrDefault(l => l.Contains($"batch {id}:"))?.Split(": ", 3)[^1] ?? "(no phase log)";
        return (seconds, cpu, phases);
    }
}
