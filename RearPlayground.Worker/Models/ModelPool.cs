using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RearPlayground.Worker.Engine;
using RearPlayground.Worker.Engine.Variants;

namespace RearPlayground.Worker.Models;

/// <summary>
/// The process-wide set of loaded models, keyed by (folder, variant, device): loading takes seconds and GPU memory,
/// so runs share one copy. A request without a variant gets the device's default one (<see cref="ModelVariants"/>),
/// the same entry as naming it. Beyond <see cref="ModelPoolOptions.Capacity"/> the least recently used model
/// that no run holds is disposed; a leased model is never disposed under its run. Thread-safe.
/// </summary>
public sealed class ModelPool : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Folder, string Variant, DeviceKind Device), Entry> _entries = [];
    private readonly Func<string, string, DeviceKind, LanguageModel> _load;
    private readonly Action<LanguageModel> _dispose;
    private readonly ModelCatalog _catalog;
    private long _clock;
    private bool _disposed;

    public ModelPool(ModelPoolOptions options, ModelLocator locator, ILogger<ModelPool>? logger = null)
        : this(options, locator, (folder, variant, device) => LanguageModel.Load(folder, device, locator, logger ?? (ILogger)NullLogger.Instance, variant),
            m => m.Dispose())
    {
    }

    /// <summary>Tests pass their own load and dispose to count them (the default variant of each folder).</summary>
    internal ModelPool(ModelPoolOptions options, ModelLocator locator, Func<string, DeviceKind, LanguageModel> load, Action<LanguageModel> dispose)
        : this(options, locator, (folder, _, device) => load(folder, device), dispose)
    {
    }

    internal ModelPool(ModelPoolOptions options, ModelLocator locator, Func<string, string, DeviceKind, LanguageModel> load, Action<LanguageModel> dispose)
    {
        if (options.Capacity < 1) throw new ArgumentException("the model pool capacity must be at least 1");
        Options = options;
        Locator = locator;
        _load = load;
        _dispose = dispose;
        _catalog = new ModelCatalog(this);
    }

    public ModelPoolOptions Options { get; }
    public ModelLocator Locator { get; }
    public DeviceKind DefaultDevice => Options.DefaultDevice;

    /// <summary>(folder, device) of the models loaded now, for diagnostics and tests.</summary>
    public IReadOnlyList<(string Folder, DeviceKind Device)> Loaded
    {
        get { lock (_gate) return [.. _entries.Where(e => e.Value.Model.IsValueCreated).Select(e => (e.Key.Folder, e.Key.Device))]; }
    }

    /// <summary>The models loaded now with their variant and the device each really runs on ("cpu", "cuda"; auto resolved), for the models page.</summary>
    public IReadOnlyList<(string Folder, DeviceKind Requested, string Device)> LoadedDevices
    {
        get { lock (_gate) return [.. _entries.Where(e => e.Value.Model.IsValueCreated).Select(e => (e.Key.Folder, e.Key.Device, e.Value.Model.Value.Device))]; }
    }

    /// <summary>(folder, variant name, device it runs on) of the models loaded now.</summary>
    public IReadOnlyList<(string Folder, string Variant, string Device)> LoadedVariants
    {
        get { lock (_gate) return [.. _entries.Where(e => e.Value.Model.IsValueCreated).Select(e => (e.Key.Folder, e.Value.Model.Value.Variant.Name, e.Value.Model.Value.Device))]; }
    }

    /// <summary>
    /// The model named <paramref name="nameOrPath"/> on <paramref name="device"/> (default: the configured one), as
    /// <paramref name="variant"/> (default: the device's), loaded on first use. Throws <see cref="ModelLoadException"/>
    /// when it cannot be found or loaded, or the variant is not one of the folder's, with a message that names the
    /// model and its files relative to its folder, never a server path (runs show it to the team).
    /// </summary>
    public ModelLease Rent(string nameOrPath, DeviceKind? device = null, string? variant = null)
    {
        string folder;
        try
        {
            folder = Locator.Resolve(nameOrPath);
        }
        catch (ModelLoadException e)
        {
            throw new ModelLoadException($"model '{ServerPaths.ShownName(nameOrPath)}' is not in the model directories", e);
        }
        var kind = device ?? Options.DefaultDevice;
        string relativePath;
        try
        {
            relativePath = ModelVariants.Pick(folder, variant, kind).RelativePath;
        }
        catch (Exception e)
        {
            // No ONNX file any more (removed since the catalogue saw it): the message names the folder, which is the server's.
            throw new ModelLoadException(
                $"model '{ServerPaths.ShownName(nameOrPath)}' cannot be loaded: {ServerPaths.Hide(e.Message, folder, Locator.Directories)}", e);
        }
        var key = (folder, RelativePath: relativePath, kind);
        Entry entry;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_entries.TryGetValue(key, out entry!)) _entries[key] = entry = new Entry(new Lazy<LanguageModel>(() => _load(key.folder, key.RelativePath, key.kind)));
            entry.Leases++;
            entry.LastUsed = ++_clock;
        }
        LanguageModel model;
        try
        {
            // Outside the lock: a slow load must not hold up runs on models already loaded.
            model = entry.Model.Value;
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                entry.Leases--;
                // Lazy caches the failure: forget the entry so a later rent tries again.
                if (_entries.TryGetValue(key, out var current) && current == entry) _entries.Remove(key);
            }
            throw new ModelLoadException(
                $"model '{ServerPaths.ShownName(nameOrPath)}' cannot be loaded: {ServerPaths.Hide(e.Message, folder, Locator.Directories)}", e);
        }
        DisposeAll(Evict());
        return new ModelLease(model, () => entry.Hash(model), () => Release(entry));
    }

    /// <summary>Every model in the model directories with its facts, for <c>GET /api/models</c>.</summary>
    public IReadOnlyList<ModelInfo> Catalog() => _catalog.List();

    private void Release(Entry entry)
    {
        lock (_gate)
        {
            entry.Leases--;
            entry.LastUsed = ++_clock;
        }
        DisposeAll(Evict());
    }

    // Picks the least recently used unleased models while over capacity; all leased = stay over for now.
    private List<LanguageModel> Evict()
    {
        var evicted = new List<LanguageModel>();
        lock (_gate)
        {
            while (_entries.Count > Options.Capacity)
            {
                var idle = _entries.Where(e => e.Value.Leases == 0 && e.Value.Model.IsValueCreated)
                    .OrderBy(e => e.Value.LastUsed).Select(e => e.Key).Take(1).ToArray();
                if (idle.Length == 0) break;
                evicted.Add(_entries[idle[0]].Model.Value);
                _entries.Remove(idle[0]);
            }
        }
        return evicted;
    }

    private void DisposeAll(IEnumerable<LanguageModel> models)
    {
        foreach (var m in models) _dispose(m);
    }

    /// <summary>At host shutdown: runs have stopped by then, so every model goes.</summary>
    public void Dispose()
    {
        List<LanguageModel> all;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            all = [.. _entries.Values.Where(e => e.Model.IsValueCreated).Select(e => e.Model.Value)];
            _entries.Clear();
        }
        DisposeAll(all);
    }

    private sealed class Entry(Lazy<LanguageModel> model)
    {
        private string? _hash;
        public Lazy<LanguageModel> Model { get; } = model;
        public int Leases { get; set; }
        public long LastUsed { get; set; }

        // Hashing a large ONNX file takes seconds: once per loaded model. A race computes it twice, harmlessly.
        public string Hash(LanguageModel m) => _hash ??= m.ComputeOnnxHash();
    }
}
