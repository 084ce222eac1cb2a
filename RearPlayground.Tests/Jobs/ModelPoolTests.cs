using System.Collections.Concurrent;
using RearPlayground.Tests.Support;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Search;
using RearPlayground.Worker.Models;

namespace RearPlayground.Tests.Jobs;

/// <summary>Loaded once, shared, evicted least-recently-used, and never disposed under a run that holds it.</summary>
public class ModelPoolTests
{
    private static readonly ModelLocator Locator = new(SharedModels.Directories);

    private sealed class Counting
    {
        public ConcurrentQueue<string> Loads { get; } = new();
        public ConcurrentQueue<string> Disposed { get; } = new();

        public ModelPool Pool(int capacity = 2) => new(new ModelPoolOptions { Capacity = capacity, DefaultDevice = DeviceKind.Cpu }, Locator,
            (folder, device) => { Loads.Enqueue(Path.GetFileName(folder)); return LanguageModel.Load(folder, device); },
            m => { Disposed.Enqueue(m.Name); m.Dispose(); });
    }

    [Fact]
    public void The_same_model_is_loaded_once_and_shared()
    {
        var counting = new Counting();
        using var pool = counting.Pool();
        using var a = pool.Rent("stories260K");
        using var b = pool.Rent(SharedModels.Stories);
        Assert.Same(a.Model, b.Model);
        a.Dispose();
        using var c = pool.Rent("stories260K", DeviceKind.Cpu);
        Assert.Same(b.Model, c.Model);
        Assert.Equal(["stories260K"], counting.Loads);
        Assert.Equal(64, c.OnnxHash.Length);
        Assert.Equal(c.Model.ComputeOnnxHash(), c.OnnxHash);
    }

    [Fact]
    public void Concurrent_rents_load_once()
    {
        var counting = new Counting();
        using var pool = counting.Pool();
        var models = new ConcurrentBag<LanguageModel>();
        Parallel.For(0, 8, _ =>
        {
            using var lease = pool.Rent("random-260K");
            models.Add(lease.Model);
        });
        Assert.Single(models.Distinct());
        Assert.Single(counting.Loads);
    }

    [Fact]
    public void Beyond_capacity_the_least_recently_used_idle_model_goes_and_leased_ones_stay()
    {
        var counting = new Counting();
        using var pool = counting.Pool(capacity: 2);
        using var stories = pool.Rent("stories260K");
        pool.Rent("random-260K").Dispose();
        pool.Rent("stories260K-fp16io").Dispose();
        // Three loaded, capacity two: random-260K is the idle one used longest ago.
        Assert.Equal(["random-260K"], counting.Disposed);

        // Everything leased: the pool goes over capacity rather than pull a model from under a run.
        using var fp16 = pool.Rent("stories260K-fp16io");
        using var random = pool.Rent("random-260K");
        Assert.Equal(3, pool.Loaded.Count);
        Assert.Equal(["random-260K"], counting.Disposed);
        fp16.Dispose();
        Assert.Equal(["random-260K", "stories260K-fp16io"], counting.Disposed);
        Assert.Equal(2, pool.Loaded.Count);

        // The leased models still work.
        var result = SearchRunner.Run(stories.Model, new SearchRequest("Once upon a time", null, N: 2, MaxTokens: 4));
        Assert.Equal(2, result.Candidates.Count);
        pool.Dispose();
        Assert.Equal(4, counting.Disposed.Count);
    }

    [Fact]
    public void A_failed_load_is_not_cached()
    {
        var counting = new Counting();
        using var pool = counting.Pool();
        Assert.Throws<ModelLoadException>(() => pool.Rent("no-such-model"));
        Assert.Empty(pool.Loaded);
        Assert.Empty(counting.Loads);
    }

    [Fact]
    public void Catalog_lists_every_model_with_its_facts()
    {
        using var pool = new ModelPool(new ModelPoolOptions { DefaultDevice = DeviceKind.Cpu }, Locator);
        var catalog = pool.Catalog();
        var stories = Assert.Single(catalog, m => m.Name == "stories260K");
        Assert.Null(stories.Error);
        Assert.Equal(SharedModels.Stories, stories.Folder);
        var expected = Worker.Search.Events.ModelFacts.Of(SharedModels.StoriesCpu);
        Assert.Equal(expected, stories.Facts);
        Assert.Contains(catalog, m => m.Name == "test/random-260K" && m.Facts is { Layers: > 0 });
        var variant = Assert.Single(stories.Variants!);
        Assert.Equal(("fp32", "model.onnx", true), (variant.Name, variant.File, variant.IsDefault));
        Assert.Equal(new FileInfo(Path.Combine(SharedModels.Stories, "model.onnx")).Length, variant.Bytes);
        // Cached: listing again loads nothing new (variants are read from the files each time, equal but new lists).
        Assert.Equal(catalog.Select(m => m with { Variants = null }), pool.Catalog().Select(m => m with { Variants = null }));
    }
}
