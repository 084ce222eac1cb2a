using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RearPlayground.Data;
using RearPlayground.Data.Entities;

namespace RearPlayground.Tests.Batches;

/// <summary>
/// Datasets for batch tests, inserted as rows (the import is another feature's): story items judged by the Evaluate
/// flow's rule checks (mustMention in the metadata), or items with reference answers.
/// </summary>
internal static class TestDatasets
{
    public static readonly string[] Questions = ["Once upon a time", "Tom saw a cat", "Lily went to the park", "The sun was hot"];

    /// <summary>A dataset of <paramref name="count"/> story items (questions cycle through <see cref="Questions"/>); returns its id.</summary>
    public static async Task<long> InsertAsync(IServiceProvider services, int count, string name = "stories", Func<int, string?>? answer = null,
        Func<int, string>? question = null, Func<int, string?>? system = null)
    {
        var factory = services.GetRequiredService<IDbContextFactory<RearDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var dataset = new DatasetEntity
        {
            Name = name, Source = "upload", Origin = $"{name}.jsonl", Format = "jsonl", MappingJson = "{\"question\":\"question\"}",
            Items = count, CreatedBy = "admin@example.org", CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync();
        db.DatasetItems.AddRange(Enumerable.Range(0, count).Select(i => new DatasetItemEntity
        {
            DatasetId = dataset.Id, Position = i, Row = i + 1, ExternalId = $"item-{i}", Question = question?.Invoke(i) ?? Questions[i % Questions.Length],
            Preference = "Tom was a cat who loved to eat fish.", Answer = answer?.Invoke(i), System = system?.Invoke(i),
            MetadataJson = "{\"mustMention\":[\"cat\",\"fish\",\"Tom\"],\"maxWords\":60}",
        }));
        await db.SaveChangesAsync();
        return dataset.Id;
    }

    /// <summary>The run fields of a tiny Best-of-N (stories260K, CPU, a fraction of a second per item).</summary>
    public static JsonObject Request(int n = 4, int maxTokens = 8, bool greedy = true) => new()
    {
        ["model"] = "stories260K", ["method"] = "bon", ["n"] = n, ["m"] = 2, ["maxTokens"] = maxTokens, ["seed"] = 4, ["includeGreedy"] = greedy,
    };

    public static async Task<Guid> StartAsync(HttpClient client, long datasetId, JsonObject request, int? count = null)
    {
        var body = new JsonObject { ["datasetId"] = datasetId, ["request"] = request };
        if (count is { } c) body["range"] = new JsonObject { ["from"] = 0, ["count"] = c };
        using var response = await client.PostAsJsonAsync("/api/batches", body);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
    }

    public static async Task<JsonObject> GetAsync(HttpClient client, Guid id) => (await client.GetFromJsonAsync<JsonObject>($"/api/batches/{id}"))!;

    public static async Task<JsonObject> WaitForEndAsync(HttpClient client, Guid id, int timeoutSeconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var batch = await GetAsync(client, id);
            if (batch["status"]!.GetValue<string>() is "succeeded" or "failed" or "cancelled") return batch;
            Assert.True(DateTime.UtcNow < deadline, $"batch {id} did not end in {timeoutSeconds} s: {batch["status"]} {batch["done"]}/{batch["items"]}");
            await Task.Delay(200);
        }
    }

    /// <summary>The runs whose BatchId is the batch, straight from the database.</summary>
    public static async Task<List<RunEntity>> LinkedRunsAsync(IServiceProvider services, Guid batchId)
    {
        var factory = services.GetRequiredService<IDbContextFactory<RearDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.Runs.AsNoTracking().Where(r => r.BatchId == batchId).ToListAsync();
    }
}
